"""Reports of the 2019 template (国办公开办函〔2019〕60号): the old table 2 read in full, the
mixed case (old table 2 with the 2021 table 3), and the real crawled 平潭 2020 report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import codes
from ingest.accuracy import cells_of, score, template_of
from ingest.generator.render import render
from ingest.generator.truth import make_truth
from ingest.identities import evaluate
from ingest.mapper import map_rows
from ingest.model import Cell, Row
from ingest.parse import parse_bytes, parse_file

REAL = Path(__file__).resolve().parent / "data" / "real"
PINGTAN_2020 = REAL / "pingtan-2020-crawl.txt"
PINGTAN_2020_EXPECTED = REAL / "pingtan-2020-crawl.expected.json"

_HEAD_1 = ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
_HEAD_5 = ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]


def _map(rows: list[list[str]]):
    return map_rows([Row(cells, i + 1) for i, cells in enumerate([["二、主动公开政府信息情况"], *rows])])


def _t2(result) -> dict[tuple[str, str], tuple]:
    return {(c.key, c.sub): (c.value, c.state) for c in result.cells if c.table == "proactive"}


def test_old_table_2_is_read_into_its_own_22_cells() -> None:
    result = _map([
        ["第二十条第（一）项"], _HEAD_1, ["规章", "0", "2", "7"], ["规范性文件", "/", "/", "/"],
        ["第二十条第（五）项"], _HEAD_5, ["行政许可", "3", "-1", "22"], ["其他对外管理服务事项"],
        ["第二十条第（六）项"], _HEAD_5, ["行政处罚", "40", "-3", "1,204"], ["行政强制", "2", "0", "5"],
        ["第二十条第（八）项"], ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "4", "-4"],
        ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额（单位：元）"], ["政府集中采购", "3", "12,345.5"],
    ])
    assert result.format_version == "2019"
    t2 = _t2(result)
    assert list(t2) == list(codes.T2_2019_CELLS)
    assert t2[("regulation", "total_published")] == (7, "number")
    assert t2[("normative_document", "new_made")] == (None, "not_applicable")
    assert t2[("administrative_license", "change")] == (-1, "number")
    assert t2[("other_external_services", "decisions")] == (None, "blank")  # printed without values
    assert t2[("administrative_penalty", "decisions")] == (1204, "number")
    assert t2[("administrative_fee", "change")] == (-4, "number")
    assert t2[("centralized_procurement", "procurement_amount_10k_yuan")] == (1.23455, "number")  # 元 → 万元
    codes_found = {i.code for i in result.issues}
    assert "format_2019_unmapped" not in codes_found and "missing_rows" not in {
        i.code for i in result.issues if i.message.startswith("table 2")}


def test_money_without_a_unit_is_missing_and_a_unit_after_the_amount_is_read() -> None:
    rows = [["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"]]
    result = _map([*rows, ["政府集中采购", "3", "250.5"]])
    assert _t2(result)[("centralized_procurement", "procurement_amount_10k_yuan")] == (None, "missing")
    assert any(i.code == "money_unit_unknown" for i in result.issues)
    result = _map([*rows, ["政府集中采购", "3", "250.5万元"]])
    assert _t2(result)[("centralized_procurement", "procurement_amount_10k_yuan")] == (250.5, "number")


def test_non_negative_skips_the_signed_change_but_checks_counts() -> None:
    result = _map([["第二十条第（五）项"], _HEAD_5, ["行政许可", "3", "-1", "-2"]])
    checks = {r.scope: r.status for r in evaluate(result.cells, {}) if r.id == "t2_non_negative"}
    assert "administrative_license.change" not in checks
    assert checks["administrative_license.previous_year_items"] == "pass"
    assert checks["administrative_license.decisions"] == "fail"
    assert len(checks) == len(codes.T2_2019_CELLS) - 5  # five rows print 本年增/减


@pytest.mark.parametrize("layout", ["tsv", "pipe", "cell_pipe", "cell_blankline", "row_bar", "spaces", "markdown",
                                    "grid"])
def test_generated_2019_and_mixed_reports_read_exactly(layout: str) -> None:
    fmt = {"markdown": "md", "grid": "html"}.get(layout, "txt")
    for seed, year in ((1901, 2019), (1902, 2020), (1903, 2022)):  # 2022: the mixed case
        truth = make_truth(seed, format_version="2019", year=year)
        data, _ = render(truth, layout, fmt)
        parsed = parse_bytes(data, f"x.{fmt}").to_dict()
        want = truth.to_dict()
        assert parsed["report"]["format_version"] == "2019"
        assert template_of(want) == ("2019+2021t3" if year >= 2021 else "2019")
        assert cells_of(parsed) == cells_of(want), (seed, layout)
        assert not [i for i in parsed["issues"] if i["code"] == "format_2019_unmapped"]


def test_accuracy_counts_wrong_apart_from_missing(tmp_path: Path) -> None:
    truth = make_truth(1904, format_version="2019", year=2020)
    (tmp_path / "r.truth.json").write_text(json.dumps(truth.to_dict(path="r.txt", fmt="txt")), encoding="utf-8")
    parsed = truth.to_dict(path="r.txt", fmt="txt")
    parsed["proactive"][0] = {**parsed["proactive"][0], "value": None, "state": "missing"}
    parsed["proactive"][1] = {**parsed["proactive"][1], "value": 99999, "state": "number"}
    rep = score([(tmp_path / "r.txt", tmp_path / "r.truth.json", parsed)]).to_dict()
    assert rep["by_template"]["2019"]["cells_missing"] == 1
    assert rep["by_template"]["2019"]["cells_wrong"] == 1
    assert rep["by_template"]["2019"]["cells"] == codes.CELL_COUNT_2019 + 7  # with the `other` row


# ---- the real crawled report ------------------------------------------------------------------

def _expected() -> dict:
    return json.loads(PINGTAN_2020_EXPECTED.read_text(encoding="utf-8"))


def test_pingtan_2020_table_2_rows_as_printed_split_only_where_one_split_fits() -> None:
    """The table-2 rows of the crawled page, label and run-together figures as printed."""
    result = _map([
        ["第二十条第（一）项"], _HEAD_1, ["规章", "007"], ["规范性文件", "7777166"],
        ["第二十条第（五）项"], _HEAD_5, ["行政许可", "396442278"], ["其他对外管理服务事项", "107105"],
        ["第二十条第（六）项"], _HEAD_5, ["行政处罚", "2648-18538"], ["行政强制", "1262629"],
        ["第二十条第（八）项"], ["信息内容", "上一年项目数量", "本年增/减"], ["行政事业性收费", "35-15"],
        ["第二十条第（九）项"], ["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "39573802895.90元"],
    ])
    want = {(c["item"], c["measure"]): (c["value"], c["state"]) for c in _expected()["proactive"]}
    assert _t2(result) == want


def test_pingtan_2020_expected_cells_fail_exactly_the_identities_noted() -> None:
    exp = _expected()
    cells = [Cell("proactive", c["item"], c["measure"], c["value"], c["state"]) for c in exp["proactive"]]
    cells += [Cell("applications", c["outcome"], c["applicant"], c["value"], c["state"]) for c in exp["applications"]]
    cells += [Cell("review_litigation", c["proceeding"], c["outcome"], c["value"], c["state"])
              for c in exp["review_litigation"]]
    failing = [{"id": r.id, "scope": r.scope} for r in evaluate(cells, {}) if r.status == "fail"]
    assert failing == exp["expected_identity_failures"]
    assert len(exp["proactive"]) == len(codes.T2_2019_CELLS)


def test_pingtan_2020_nothing_read_differs_from_the_hand_reading() -> None:
    """Wrong but stated as read must be zero. The page runs every cell together; what of it reads
    depends on the text reader's alignment, so cells may be missing, never different."""
    parsed = parse_file(PINGTAN_2020).to_dict()
    want = cells_of(_expected())
    got = cells_of(parsed)
    wrong = {k: (got[k], v) for k, v in want.items() if k in got and got[k][1] != "missing" and got[k] != v}
    assert wrong == {}
    if any(state != "missing" for _, state in got.values()):
        assert parsed["report"]["format_version"] == "2019"

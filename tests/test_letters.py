"""Correction letters for the bundled samples: exactly the open findings of each body, as DOCX
files LibreOffice opens (converted to PDF here) and one tracking XLSX."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from gongkai.cli import main
from warehouse import letter_words, letters, review
from warehouse.settings import warehouse_files

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SOFFICE = os.environ.get("GONGKAI_SOFFICE") or shutil.which("soffice")


# The samples print the generator's one narrative template: 望城区水利局's 2023 text repeats its
# 2022 text but for the figures, and 望城区水利局 and 长沙市公安局 (both 长沙市) print the same
# wording in 2022. 宁波市's narrative_applications is the identity's own finding (listed once, from
# fct_identity_checks); a missing report has no report to write to.
SAMPLE_NARRATIVE_FINDINGS = {("望城区水利局", 2023, "narrative_copied_from_previous_year", "previous_year"),
                             ("望城区水利局", 2022, "narrative_shared_in_region", "region"),
                             ("长沙市公安局", 2022, "narrative_shared_in_region", "region")}


def _truth_findings() -> set[tuple[str, int, str, str]]:
    """(agency, year, identity, scope) the generator planted in the samples (their truth files)."""
    found = set()
    for path in SAMPLES.glob("*.truth.json"):
        truth = json.loads(path.read_text(encoding="utf-8"))
        for failure in truth["expected_identity_failures"] + truth.get("expected_cross_year_failures", []):
            found.add((truth["report"]["agency"], truth["report"]["year"], failure["id"], failure["scope"]))
    return found


@pytest.fixture
def warehouse(samples_run, tmp_path, monkeypatch) -> Path:
    """A private copy of the samples' warehouse (letters reload the decisions into it)."""
    assert samples_run.returncode == 0, samples_run.stderr[-3000:]
    copy = tmp_path / "warehouse.duckdb"
    for source, target in zip(warehouse_files(samples_run.warehouse), warehouse_files(copy)):
        if source.is_file():  # not the readers' snapshot folder
            shutil.copyfile(source, target)
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path))
    monkeypatch.setenv("GONGKAI_WAREHOUSE", str(copy))
    monkeypatch.delenv("GONGKAI_DECISIONS", raising=False)
    return copy


def test_the_samples_letters_list_exactly_the_planted_failures(warehouse):
    planted = _truth_findings()
    assert planted == {("中牟县人民政府办公室", 2023, "t4_total", "administrative_review"),
                       ("宁波市人民政府办公室", 2021, "narrative_applications", "report"),
                       ("望城区水利局", 2023, "cross_year_carry", "natural_person"),
                       ("望城区水利局", 2023, "cross_year_carry", "total")}
    found = letters.collect_letters(warehouse)
    assert found.missing_marts == []
    assert {(letter.agency, letter.year, f.check_name, f.scope) for letter in found.letters
            for f in letter.findings} == planted | SAMPLE_NARRATIVE_FINDINGS
    assert len(found.letters) == 5  # one per report with a finding


def test_a_letter_says_the_printed_figures_and_where_they_are(warehouse):
    [letter] = letters.collect_letters(warehouse, region="中牟县").letters
    text = letters.letter_text(letter, "郑州市政务公开办", date(2025, 3, 1))
    assert "中牟县人民政府办公室：" in text
    assert "行政复议行政诉讼合计关系（行政复议；错误）" in text
    # s15 prints 行政复议 as 0 0 0 0 and a total of 4 on its line 70
    place = "「政府信息公开行政复议、行政诉讼情况」表「行政复议"
    assert f"{place}／总计」栏（第70行）：4" in text
    for outcome in ("结果维持", "结果纠正", "其他结果", "尚未审结"):
        assert f"{place}／{outcome}」栏（第70行）：0" in text
    assert "等式左边为4，右边为0，相差4" in text
    # the previous year's report is named as such for a cross-year identity
    [series] = letters.collect_letters(warehouse, region="望城区", year=2023).letters
    assert "2022年度报告「收到和处理政府信息公开申请情况」表「结转下年度继续办理」行「自然人」列" in \
        letters.letter_text(series, "x", date(2025, 3, 1))
    assert letters.collect_letters(warehouse, region="中牟县", year=2024).letters == []


def test_letters_open_in_libreoffice_and_leave_dismissed_findings_out(warehouse, tmp_path, capsys):
    out = tmp_path / "letters"
    zhongmou = next(f for f in review.failing_findings(warehouse) if f.agency == "中牟县人民政府办公室")
    assert main(["review", zhongmou.report_id, "t4_total", "--dismiss", "已说明：复议案件按受理年度统计"]) == 0
    capsys.readouterr()
    assert main(["letters", "--out", str(out)]) == 0
    assert "4 letters" in capsys.readouterr().out
    docx = sorted(out.glob("*.docx"))
    assert [p.name.split("_")[0] for p in docx] == ["宁波市人民政府办公室", "望城区水利局", "望城区水利局", "长沙市公安局"]

    assert SOFFICE, "LibreOffice (soffice) is needed: `make test` installs it"
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, docx)],
                   check=True, capture_output=True, timeout=300)
    import pypdfium2

    texts = {}
    for path in docx:
        pdf = pypdfium2.PdfDocument(tmp_path / "pdf" / (path.stem + ".pdf"))
        texts[tuple(path.name.split("_")[:2])] = re.sub(r"\s+", "", "".join(page.get_textpage().get_text_range() for page in pdf))
        pdf.close()
    assert "正文与表格申请数量一致" in texts["宁波市人民政府办公室", "2021"]
    assert "报告正文所述收到的政府信息公开申请数量：8" in texts["宁波市人民政府办公室", "2021"]
    assert texts["望城区水利局", "2023"].count("跨年度结转衔接") == 2
    assert "正文照搬上年报告" in texts["望城区水利局", "2023"]
    assert "正文与同地区其他机关雷同" in texts["望城区水利局", "2022"]
    assert "正文与同地区其他机关雷同" in texts["长沙市公安局", "2022"]
    assert "中牟县" not in "".join(texts.values())

    from openpyxl import load_workbook

    [xlsx] = out.glob("*.xlsx")
    sheet = load_workbook(xlsx).active
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    header = [c.value for c in sheet[1]]
    assert sorted((r[header.index("单位")], r[header.index("范围")], r[header.index("审核状态")]) for r in rows) == [
        ("宁波市人民政府办公室", "全文", "待核实"),
        ("望城区水利局", "与同地区其他单位报告比较", "待核实"),
        ("望城区水利局", "与本单位上年度报告比较", "待核实"),
        ("望城区水利局", "总计列", "待核实"),
        ("望城区水利局", "自然人列", "待核实"),
        ("长沙市公安局", "与同地区其他单位报告比较", "待核实"),
    ]


def test_every_identity_has_words_and_every_operand_a_label():
    """Each identity of the vocabulary is worded (data/identity_words.csv), and every cell an
    identity reads is placed by labels of ingest/data/labels.csv (a KeyError otherwise)."""
    from ingest import codes
    from ingest.identities import cell_equations

    assert set(letter_words.identity_words()) == set(codes.IDENTITY_SEVERITY)
    for has_other_row in (False, True):
        for identity, scope, lhs, rhs in cell_equations(has_other_row):
            letter_words.scope_words(identity, scope)
            for op in letters.operands(identity, scope, has_other_row):
                letter_words.cell_place(op.table, op.row, op.col)
    for item, measure in codes.T2_CELLS + codes.T2_2019_CELLS:
        letter_words.cell_place("proactive", item, measure)
    assert letter_words.cell_place("applications", "denied.state_secret", "commercial_enterprise") == (
        "「收到和处理政府信息公开申请情况」表「本年度办理结果／不予公开／属于国家秘密」行「法人或其他组织／商业企业」列")
    assert letter_words.location_words("page 3 line 12") == "第3页第12行"


def test_the_readme_shows_the_letter_the_samples_give(warehouse):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- sample-letter:begin -->\n```text\n", 1)[1].split("```\n<!-- sample-letter:end -->", 1)[0]
    [letter] = letters.collect_letters(warehouse, region="中牟县", year=2023).letters
    assert letters.letter_text(letter, "郑州市政务公开办", date(2025, 3, 1)) == block


def test_a_finding_mart_listed_as_data_joins_the_letters_with_its_quoted_text(warehouse, monkeypatch):
    """A narrative-kind mart (the columns of fct_narrative_checks) added to the list of finding
    marts: its failing rows join the letters with their message and quoted text, passing rows and
    dismissed ones do not. The rows here are written by hand into a copy of the samples' warehouse."""
    import duckdb

    ningbo = next(f for f in review.failing_findings(warehouse) if f.agency == "宁波市人民政府办公室")
    con = duckdb.connect(str(warehouse))
    con.execute("create table marts.narrative_test (report_id varchar, agency_id varchar, report_year integer, "
                "check_name varchar, scope varchar, severity varchar, passed boolean, message_zh varchar, "
                "evidence varchar)")
    con.execute("insert into marts.narrative_test values "
                "(?, null, 2021, 'problems_empty', 'report', 'warning', false, '第五部分仅写“无”', '五、存在的主要问题及改进情况 无'),"
                "(?, null, 2021, 'fees_contradiction', 'report', 'warning', true, null, null)",
                [ningbo.report_id, ningbo.report_id])
    con.close()
    narrative = review.FindingMart("narrative_test", "narrative", "check_name", "not passed", "message_zh",
                                   "message_zh", "evidence")
    monkeypatch.setattr(review, "finding_marts", lambda: (narrative,))
    monkeypatch.setattr(letters, "finding_marts", lambda: (narrative,))

    [letter] = letters.collect_letters(warehouse, region="宁波市").letters
    text = letters.letter_text(letter, "x", date(2025, 3, 1))
    assert [f.check_name for f in letter.findings] == ["problems_empty"]
    assert "问题：第五部分仅写“无”" in text and "原文：“五、存在的主要问题及改进情况 无”" in text

    review.decide(warehouse, Path(os.environ["GONGKAI_DATA"]) / "decisions.csv", ningbo.report_id, "problems_empty",
                  "report", "dismissed", "另有附件说明")
    assert letters.collect_letters(warehouse, region="宁波市").letters == []

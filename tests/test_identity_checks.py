"""The identity asset checks end to end: Definitions materialized over a handful of reports with
an injected table-4 violation and two years of one body, into a fresh DuckDB under tmp_path."""

from __future__ import annotations

import sys

import json
import shutil
from pathlib import Path

import dagster as dg
import pytest

from gongkai.cli import main
from warehouse.settings import Settings
from warehouse.store import connect_for_query
from orchestration.definitions import WAREHOUSE_JOB, build_definitions
from orchestration.identity_checks import AGREEMENT_CHECK, COVERAGE_CHECK, GX_DATA_DOCS
from tests.conftest import SEED_TXT

FIXTURES = Path(__file__).parent / "fixtures" / "text"
PIPES = FIXTURES / "pipes.md"
AGENCY = "示例县教育局"
T4_AGENCY = "示例县卫生健康委员会"


def _replace(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, old
    return text.replace(old, new, count)


def _write_inbox(inbox: Path) -> None:
    inbox.mkdir()
    pipes = PIPES.read_text(encoding="utf-8")
    # 2023, as is: carried_forward natural_person 1, total 1; regulation in force 12, normative 20.
    (inbox / "jiaoyu_2023.md").write_text(pipes, encoding="utf-8")
    # 2024, same body: carried_over 2 (disagrees with 2023's carried_forward 1); carried_forward 2
    # keeps t3_balance; table 2 in force moves on consistently (12 + 1 − 0, 20 + 3 − 1).
    y2024 = _replace(pipes, "示例县教育局2023年", "示例县教育局2024年")
    y2024 = _replace(y2024, "本机关2023年", "本机关2024年")
    y2024 = _replace(y2024, "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
                     "| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |")
    y2024 = _replace(y2024, "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
                     "| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |")
    y2024 = _replace(y2024, "| 规章 | 1 | 0 | 12 |", "| 规章 | 1 | 0 | 13 |")
    y2024 = _replace(y2024, "| 行政规范性文件 | 3 | 1 | 20 |", "| 行政规范性文件 | 3 | 1 | 22 |")
    (inbox / "jiaoyu_2024.md").write_text(y2024, encoding="utf-8")
    # Another body whose 行政复议 total does not add up: 1 + 0 + 0 + 1 ≠ 3.
    t4 = _replace(pipes, "示例县教育局2023年", f"{T4_AGENCY}2023年")
    t4 = _replace(t4, "| 1 | 0 | 0 | 1 | 2 | 0 |", "| 1 | 0 | 0 | 1 | 3 | 0 |")
    (inbox / "weijian_2023.md").write_text(t4, encoding="utf-8")
    # A partly read report (table 4 missing cells: undecidable, not failing) and the seed.
    partial = (FIXTURES / "row_bar.txt").read_text(encoding="utf-8").replace("示例县教育局", "示例县民政局")
    (inbox / "minzheng_2023.txt").write_text(partial, encoding="utf-8")
    shutil.copy(SEED_TXT, inbox / SEED_TXT.name)


@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    root = tmp_path_factory.mktemp("identity_checks")
    inbox = root / "inbox"
    _write_inbox(inbox)
    db = root / "warehouse.duckdb"
    settings = Settings.from_env().with_paths(warehouse=db, data_docs_dir=root / "data_docs")
    defs = build_definitions(settings, input_dir=inbox)
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(WAREHOUSE_JOB).execute_in_process(instance=instance, raise_on_error=False)
    with connect_for_query(db) as con:
        ids = dict(con.execute("select agency || ' ' || year, report_id from dim_report").fetchall())
    return db, result, ids, settings


def _evaluations(result) -> dict[str, dg.AssetCheckEvaluation]:
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def _mart_failures(db: Path) -> set[tuple[str, str, str]]:
    with connect_for_query(db) as con:
        rows = con.execute("select report_id, identity, scope from fct_identity_checks where status = 'fail'").fetchall()
    return set(rows)


def test_run_succeeds_and_every_report_has_every_identity(materialized):
    db, result, ids, _ = materialized
    assert result.success
    assert len(ids) == 5
    with connect_for_query(db) as con:
        per_report = con.execute(
            "select report_id, count(distinct identity) from fct_identity_checks group by 1").fetchall()
    assert {n for _, n in per_report} == {9}


def test_fct_identity_checks_fails_exactly_the_injected_rows(materialized):
    db, _, ids, _ = materialized
    assert _mart_failures(db) == {
        (ids[f"{T4_AGENCY} 2023"], "t4_total", "administrative_review"),
        (ids[f"{AGENCY} 2024"], "cross_year_carry", "natural_person"),
        (ids[f"{AGENCY} 2024"], "cross_year_carry", "total"),
    }
    with connect_for_query(db) as con:
        row = con.execute(
            "select lhs, rhs, severity from fct_identity_checks where identity = 'cross_year_carry' and scope = 'total'"
            " and report_id = ?", [ids[f"{AGENCY} 2024"]]).fetchone()
        in_force = con.execute(
            "select scope, status from fct_identity_checks where identity = 'cross_year_in_force' and report_id = ?",
            [ids[f"{AGENCY} 2024"]]).fetchall()
        partial_t4 = con.execute(
            "select status from fct_identity_checks where identity = 't4_total' and report_id = ?",
            [ids["示例县民政局 2023"]]).fetchall()
        unpaired = con.execute(
            "select distinct status from fct_identity_checks where identity like 'cross_year%' and report_id = ?",
            [ids[f"{AGENCY} 2023"]]).fetchall()
    assert row == (2.0, 1.0, "warning")
    assert sorted(in_force) == [("normative_document", "pass"), ("regulation", "pass")]
    assert "undecidable" in {s for (s,) in partial_t4} and "fail" not in {s for (s,) in partial_t4}
    assert unpaired == [("undecidable",)]  # no 2022 report: undecidable, never passed


def test_t4_total_check_fails_with_both_sides_in_its_metadata(materialized):
    _, result, ids, _ = materialized
    t4 = _evaluations(result)["t4_total"]
    assert t4.asset_key == dg.AssetKey(["marts", "fct_review_litigation"])
    assert not t4.passed and t4.severity == dg.AssetCheckSeverity.ERROR
    meta = {k: v.value for k, v in t4.metadata.items()}
    assert meta["reports_checked"] == 5 and meta["failing_reports"] == 1 and meta["failing_rows"] == 1
    assert meta["failures"] == [{
        "report_id": ids[f"{T4_AGENCY} 2023"], "agency": T4_AGENCY, "year": 2023, "identity": "t4_total",
        "scope": "administrative_review", "lhs": 3, "rhs": 2, "severity": "error", "detail": None}]
    assert f"| {T4_AGENCY} | 2023 | t4_total | administrative_review | 3 | 2 |" in meta["worst_offenders"]


def test_cross_year_carry_check_warns(materialized):
    _, result, ids, _ = materialized
    carry = _evaluations(result)["cross_year_carry"]
    assert not carry.passed and carry.severity == dg.AssetCheckSeverity.WARN
    failures = carry.metadata["failures"].value
    assert {(f["report_id"], f["scope"], f["lhs"], f["rhs"]) for f in failures} == {
        (ids[f"{AGENCY} 2024"], "natural_person", 2, 1), (ids[f"{AGENCY} 2024"], "total", 2, 1)}


def test_other_identity_checks_pass_and_agree_with_the_mart(materialized):
    _, result, _, _ = materialized
    evaluations = _evaluations(result)
    ours = {"t3_balance", "t3_results_sum", "t3_row_total", "t2_non_negative", "narrative_applications",
            "narrative_published_sum", "cross_year_in_force", COVERAGE_CHECK, AGREEMENT_CHECK}
    assert {name: evaluations[name].passed for name in ours} == dict.fromkeys(ours, True)
    assert evaluations["t3_balance"].severity == dg.AssetCheckSeverity.ERROR
    assert evaluations["narrative_applications"].severity == dg.AssetCheckSeverity.WARN
    # The samples hold bodies that reported one year and not the next while their region did
    # (长沙市公安局 2022, not 2023; 北仑区林业局 2023, not 2024 ...): the missing-reports check warns.
    assert not evaluations["no_missing_reports"].passed
    assert evaluations["no_missing_reports"].severity == dg.AssetCheckSeverity.WARN
    # the dbt tests (also asset checks) all pass, including those of the intermediate models
    dbt_failed = [n for n, e in evaluations.items()
                  if not e.passed and n not in {"t4_total", "cross_year_carry", "no_missing_reports"}]
    assert dbt_failed == []


def test_gx_results_and_fct_identity_checks_agree(materialized):
    from expectations.marts import load_marts
    from expectations.specs import IDENTITY_SUITES
    from expectations.suites import run_suites

    db, _, _, _ = materialized
    marts = load_marts(db)
    results = run_suites(IDENTITY_SUITES, marts)
    gx_failures = {(r, name, s) for name, res in results.items() for r, s in res.failing}
    assert gx_failures == _mart_failures(db)
    # and the same verdict on every row, undecidable included
    checks = marts.identity_checks
    for name, res in results.items():
        mart = {(r, s): st for r, s, st in checks.loc[checks["identity"] == name, ["report_id", "scope", "status"]]
                .itertuples(index=False)}
        ours = {(r, s): st for r, s, st in res.frame[["report_id", "scope", "status"]].itertuples(index=False)}
        assert ours == mart, name


def test_gx_data_docs_asset_writes_the_index(materialized):
    _, result, _, settings = materialized
    [event] = [m for m in result.get_asset_materialization_events() if m.asset_key == dg.AssetKey(GX_DATA_DOCS)]
    metadata = event.materialization.metadata
    index = Path(metadata["index_html"].value)
    assert index == settings.data_docs_dir / "index.html" and index.is_file()
    assert metadata["url"].value.startswith("file://")
    assert sorted(metadata["failing_suites"].value) == ["cross_year_carry", "t4_total"]


def test_cli_check_lists_failures_and_exits_by_severity(materialized, capsys):
    db, _, ids, _ = materialized
    assert main(["check", "--warehouse", str(db), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {(r["agency"], r["year"], r["identity"], r["scope"], r["lhs"], r["rhs"], r["severity"]) for r in rows} == {
        (T4_AGENCY, 2023, "t4_total", "administrative_review", 3, 2, "error"),
        (AGENCY, 2024, "cross_year_carry", "natural_person", 2, 1, "warning"),
        (AGENCY, 2024, "cross_year_carry", "total", 2, 1, "warning"),
    }
    # warnings alone exit 0
    assert main(["check", "--warehouse", str(db), "--identity", "cross_year_carry", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out.splitlines()
    assert csv_out[0] == "agency,year,identity,scope,lhs,rhs,severity,report_id" and len(csv_out) == 3
    assert main(["check", "--warehouse", str(db)]) == 1
    table = capsys.readouterr().out
    assert "t4_total" in table and "3 failing (1 error, 2 warning)" in table
    assert main(["check", "--warehouse", str(db), "--identity", "t3_balance"]) == 0
    assert "No identity fails." in capsys.readouterr().out


# ---- the generated corpus -----------------------------------------------------------------

CORPUS_SIZE = 1000
CORPUS_SEED = 20240131


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("corpus")
    inbox = root / "inbox"
    subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(inbox), "--count", str(CORPUS_SIZE),
                    "--seed", str(CORPUS_SEED), "--violation-rate", "0.2"], check=True, capture_output=True)
    for extra in inbox.glob("*.json*"):  # truth files and the manifest are not reports
        extra.rename(root / extra.name)
    db = root / "warehouse.duckdb"
    settings = Settings.from_env().with_paths(warehouse=db, data_docs_dir=root / "data_docs")
    # A persistent instance: the webserver test below reads the check results back from it.
    dagster_home = root / "dagster_home"
    dagster_home.mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(dagster_home)) as instance:
        result = build_definitions(settings, input_dir=inbox).resolve_job_def(WAREHOUSE_JOB).execute_in_process(
            instance=instance, raise_on_error=False)
    truths = {path.name.removesuffix(".truth.json"): json.loads(path.read_text(encoding="utf-8"))
              for path in root.glob("*.truth.json")}
    with connect_for_query(db) as con:
        current = {Path(p).stem for (p,) in con.execute("select source_path from dim_report where is_current").fetchall()}
    expected = {(name, f["id"]) for name, truth in truths.items() for f in truth["expected_identity_failures"]}
    planned, computed = _cross_year_failures(truths, current)
    assert planned <= computed  # the tables-based evaluation below agrees with the generator's truth
    injected_reports = sum(bool(t["expected_identity_failures"] or t["expected_cross_year_failures"])
                           for t in truths.values())
    corpus_homes[db] = dagster_home
    return db, result, expected | computed, injected_reports


corpus_homes: dict[Path, Path] = {}


def _cross_year_failures(truths: dict[str, dict], current: set[str]) -> tuple[set, set]:
    """(cross-year failures the generator's truth lists, those evaluated here from the truth tables).

    The generator draws bodies at random, so two documents may be the same body in consecutive
    years by chance (or twice the same year: the warehouse keeps one current); its truth lists
    cross-year failures of planned series only. The warehouse pairs current reports of the same
    body, whatever the generator planned: evaluate those pairs from the truth tables.
    """
    from ingest import codes

    by_body = {(t["report"]["agency"], t["report"]["year"]): name for name, t in truths.items() if name in current}

    def cell(truth, table, key, sub):
        k1, k2 = ("outcome", "applicant") if table == "applications" else ("item", "measure")
        found = [c for c in truth[table] if c[k1] == key and c[k2] == sub]
        if not found or found[0]["state"] == "missing":
            return None
        return found[0]["value"] if found[0]["state"] == "number" else 0

    planned = {(name, f["id"]) for name, t in truths.items() if name in current
               for f in t["expected_cross_year_failures"]}
    computed = set()
    for name in current:
        truth = truths[name]
        report = truth["report"]
        previous = truths.get(by_body.get((report["agency"], (report["year"] or 0) - 1)))
        if previous is None:
            continue
        division_codes = report["division_code"], previous["report"]["division_code"]
        if None not in division_codes and division_codes[0] != division_codes[1]:
            continue
        for applicant in codes.APPLICANTS:
            now = cell(truth, "applications", "carried_over", applicant)
            before = cell(previous, "applications", "carried_forward", applicant)
            if None not in (now, before) and now != before:
                computed.add((name, "cross_year_carry"))
        for item in ("regulation", "normative_document"):
            sides = [cell(truth, "proactive", item, "in_force"), cell(previous, "proactive", item, "in_force"),
                     cell(truth, "proactive", item, "issued"), cell(truth, "proactive", item, "repealed")]
            if None not in sides and sides[0] != sides[1] + sides[2] - sides[3]:
                computed.add((name, "cross_year_in_force"))
    return planned, computed


def _by_document(db: Path, rows) -> set[tuple[str, str]]:
    with connect_for_query(db) as con:
        names = {rid: Path(path).stem for rid, path in con.execute("select report_id, source_path from dim_report").fetchall()}
    return {(names[rid], identity) for rid, identity in rows}


def _corpus_flags(corpus):
    """(failing document × identity in fct_identity_checks, the same from the asset checks' metadata)."""
    db, result, _, _ = corpus
    with connect_for_query(db) as con:
        mart_rows = con.execute("select distinct report_id, identity from fct_identity_checks where status = 'fail'"
                                ).fetchall()
    flagged = []
    for name, evaluation in _evaluations(result).items():
        if "failures" not in evaluation.metadata or name == COVERAGE_CHECK:
            continue
        failures = evaluation.metadata["failures"].value
        assert len(failures) == evaluation.metadata["failing_rows"].value  # the JSON lists them all
        assert evaluation.passed == (not failures)
        flagged += [(f["report_id"], f["identity"]) for f in failures]
    return _by_document(db, mart_rows), _by_document(db, flagged)


def test_corpus_asset_checks_and_fct_identity_checks_flag_the_same(corpus):
    db, result, _, injected_reports = corpus
    assert result.success
    assert 0.1 * CORPUS_SIZE <= injected_reports <= 0.35 * CORPUS_SIZE  # ~20 % of the documents
    with connect_for_query(db) as con:
        assert con.execute("select count(*) from dim_report").fetchone()[0] == CORPUS_SIZE
    mart, checks = _corpus_flags(corpus)
    assert mart == checks
    evaluations = _evaluations(corpus[1])
    assert evaluations[AGREEMENT_CHECK].passed and evaluations[COVERAGE_CHECK].passed


@pytest.mark.parametrize("kind", ["tables_and_cross_year", "narrative"])
def test_corpus_injected_violations_are_flagged_exactly(corpus, kind):
    """No misses, no false alarms: the flagged document × identity pairs are the injected ones."""
    _, _, expected, _ = corpus
    mart, _ = _corpus_flags(corpus)

    def keep(pairs):
        return {(doc, identity) for doc, identity in pairs if identity.startswith("narrative_") == (kind == "narrative")}

    assert sorted(keep(mart) - keep(expected)) == [], "false alarms"
    assert sorted(keep(expected) - keep(mart)) == [], "injected violations missed"


# ---- the same results read back from the Dagster webserver's GraphQL API ------------------

CHECKS_QUERY = """
{ assetNodes { assetKey { path }
    assetChecksOrError { __typename ... on AssetChecks { checks { name
        executionForLatestMaterialization { status evaluation { severity
            metadataEntries { label ... on IntMetadataEntry { intValue } } } } } } } } }
"""


def test_graphql_api_reports_the_same_check_results(corpus):
    """Start dagster-webserver on loopback over the corpus run's instance and read the checks back."""
    import os
    import signal
    import socket
    import subprocess
    import time

    import requests

    db, result, _, _ = corpus
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DAGSTER_HOME": str(corpus_homes[db]), "GONGKAI_WAREHOUSE": str(db)}
    repo = Path(__file__).resolve().parents[1]
    webserver = Path(sys.executable).parent / "dagster-webserver"
    proc = subprocess.Popen([str(webserver), "-w", str(repo / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
                            cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/graphql"
        deadline = time.monotonic() + 120
        nodes = None
        while time.monotonic() < deadline:
            try:
                reply = requests.post(url, json={"query": CHECKS_QUERY}, timeout=30).json()
                nodes = reply["data"]["assetNodes"]
                if nodes:
                    break
            except (requests.ConnectionError, KeyError, TypeError, ValueError):
                pass
            time.sleep(1)
        assert nodes, "the webserver did not answer on loopback"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

    served = {}
    for node in nodes:
        checks = node["assetChecksOrError"]
        for check in checks.get("checks", []):
            execution = check["executionForLatestMaterialization"]
            assert execution is not None, f"{check['name']} has no execution in the webserver"
            entries = {e["label"]: e.get("intValue") for e in execution["evaluation"]["metadataEntries"]}
            served[check["name"]] = (execution["status"], execution["evaluation"]["severity"], entries)
    in_process = _evaluations(result)
    for name, evaluation in in_process.items():
        status, severity, entries = served[name]
        assert status == ("SUCCEEDED" if evaluation.passed else "FAILED"), name
        assert severity == evaluation.severity.value, name
        if "failing_rows" in evaluation.metadata:
            assert entries["failing_rows"] == evaluation.metadata["failing_rows"].value, name
    failing = {n for n, (status, _, _) in served.items() if status == "FAILED"}
    assert {"t3_balance", "t4_total"} <= failing  # the injected hard violations show in the API


def test_partitioned_checks_on_workers_equal_one_gx_run(corpus, tmp_path):
    """check_warehouse over small partitions on two forkserver workers gives the verdicts of one
    GX run over the whole marts: the same counts and the same failing report × scope keys."""
    from expectations.specs import SUITE_NAMES
    from expectations.suites import run_suites
    from expectations.warehouse_checks import check_warehouse

    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus[0], db)
    whole = run_suites(SUITE_NAMES, db)
    checked = check_warehouse(db, SUITE_NAMES, full=True, partition_reports=150, jobs=2)
    assert checked.partitions >= 6 and checked.rechecked == CORPUS_SIZE
    for name in SUITE_NAMES:
        assert checked.results[name].counts() == whole[name].counts(), name
        assert checked.results[name].failing == whole[name].failing, name
    assert any(whole[name].failing for name in SUITE_NAMES)  # the corpus has violations to find


def test_data_docs_verdicts_spare_the_checks_whole_bodies_only(corpus, tmp_path):
    """The verdicts a GX pass keeps (remember_verdicts, as the Data Docs asset does) are the ones
    check_warehouse would find: kept bodies are not checked again, a body only partly in the
    pass is, and the totals and the agreement with the mart equal one check of everything."""
    from expectations.marts import load_marts_from
    from expectations.specs import SUITE_NAMES
    from expectations.suites import run_suites
    from expectations.warehouse_checks import STATE_SCHEMA, check_warehouse, remember_verdicts
    from warehouse.store import connect

    db = tmp_path / "copy.duckdb"
    shutil.copy(corpus[0], db)
    whole = check_warehouse(db, SUITE_NAMES, full=True, jobs=1)
    with connect(db) as con:
        bodies = [ids for _, ids in con.execute(
            """select agency, list(report_id order by report_id) from marts.dim_report where agency is not null
               group by agency having count(*) >= 2 order by agency limit 6""").fetchall()]
        forgotten = [r for ids in bodies for r in ids]
        for table in ("gx_reports", "gx_counts", "gx_failures"):  # as if these bodies' reports were new
            con.execute(f"delete from {STATE_SCHEMA}.{table} where list_contains(?, report_id)", [forgotten])
    whole_bodies, partial = [r for ids in bodies[:5] for r in ids], bodies[5][:-1]
    with connect(db, read_only=True) as con:
        marts = load_marts_from(con, report_ids=whole_bodies + partial, with_identity_checks=False)
    assert remember_verdicts(db, run_suites(SUITE_NAMES, marts), marts) == len(whole_bodies)

    again = check_warehouse(db, SUITE_NAMES, jobs=1)
    assert again.rechecked == len(bodies[5])  # the partial body, whole
    for name in SUITE_NAMES:
        assert again.results[name].counts() == whole.results[name].counts(), name
        assert again.results[name].failing == whole.results[name].failing, name
    assert again.agreement == whole.agreement

    with connect(db) as con:  # verdicts of other suites' code are not kept
        con.execute(f"update {STATE_SCHEMA}.gx_state set fingerprint = 'older code'")
    assert remember_verdicts(db, run_suites(SUITE_NAMES, marts), marts) == 0

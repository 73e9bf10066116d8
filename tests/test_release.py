"""The open-data release: written by every run (the `release` asset) and by `gongkai export`,
valid for Frictionless, and read back by DuckDB and pandas to the marts' counts and the seed's figures."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from frictionless import Package

from gongkai.cli import main
from tests.conftest import REPO_ROOT, SAMPLES, SEED_EXPECTED, SEED_TXT
from warehouse.store import connect

# Every mart but fct_review_decisions (the supervisors' working notes: meta release: false).
TABLES = ("dim_report", "dim_agency", "fct_proactive_disclosure", "fct_applications", "fct_review_litigation",
          "fct_identity_checks", "fct_agency_years", "quarantine", "fct_narrative", "fct_narrative_copy",
          "fct_missing_reports", "fct_narrative_checks")
# The seed's facts: (table, its two key columns) as in the seed's expected.json.
SEED_FACTS = {"proactive": ("fct_proactive_disclosure", "item", "measure"),
              "applications": ("fct_applications", "outcome", "applicant"),
              "review_litigation": ("fct_review_litigation", "proceeding", "outcome")}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """`gongkai run` over the seed and two samples (reports of 2024, 2022 and 2020, this one of the 2019 template)."""
    root = tmp_path_factory.mktemp("release_run")
    inbox = root / "inbox"
    inbox.mkdir()
    for source in (SEED_TXT, SAMPLES / "s01_tsv.txt", SAMPLES / "s13_layout2019.txt"):
        shutil.copy(source, inbox / source.name)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")},
           "GONGKAI_DATA": str(root / "data"), "DAGSTER_HOME": str(root / "dagster")}
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", "run", "--input", str(inbox)], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return root


def _mart_counts(warehouse: Path) -> dict[str, int]:
    with connect(warehouse, read_only=True) as con:
        return {t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in TABLES}


def _seed_figures() -> dict[tuple[str, str, str], tuple[float | None, str]]:
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    return {(table, cell[a], cell[b]): (cell["value"], cell["state"])
            for part, (table, a, b) in SEED_FACTS.items() for cell in expected[part]}


def test_every_run_publishes_a_valid_release_after_the_checks(run_dir):
    release = run_dir / "data" / "release"
    report = Package(str(release / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sorted(task.name for task in report.tasks) == sorted(TABLES)
    for line in (release / "CHECKSUMS").read_text(encoding="utf-8").splitlines():
        sha, name = line.split("  ", 1)
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == sha, name

    from dagster import DagsterInstance, DagsterEventType

    with DagsterInstance.from_config(str(run_dir / "dagster")) as instance:
        (run,) = instance.get_run_records()
        starts = [e.step_key for e in instance.all_logs(run.dagster_run.run_id, of_type=DagsterEventType.STEP_START)]
    assert starts[-2:] == ["release", "warehouse_snapshot"], starts  # after every other step, the checks among them
    assert "gx_identity_checks" in starts


def test_package_describes_keys_codes_and_titles_from_the_dbt_yaml(run_dir):
    package = json.loads((run_dir / "data" / "release" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(TABLES)
    applications = resources["fct_applications"]
    assert applications["title"] == "Table 3: applications and how they were handled"
    assert applications["encoding"] == "utf-8-sig"
    schema = applications["schema"]
    assert schema["primaryKey"] == ["report_id", "outcome", "applicant"]
    assert schema["foreignKeys"] == [{"fields": ["report_id"], "reference": {"resource": "dim_report",
                                                                            "fields": ["report_id"]}}]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["value"]["type"] == "number"
    assert fields["applicant"]["constraints"]["enum"] == [
        "natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]
    assert fields["state"]["constraints"] == {"required": True,
                                              "enum": ["number", "blank", "not_applicable", "missing"]}
    report_fields = {f["name"]: f for f in resources["dim_report"]["schema"]["fields"]}
    assert (report_fields["year"]["type"], report_fields["is_current"]["type"],
            report_fields["ingested_at"]["type"]) == ("integer", "boolean", "datetime")
    assert resources["dim_report"]["schema"]["foreignKeys"][0]["reference"] == {"resource": "dim_agency",
                                                                                  "fields": ["agency_id"]}
    readme = (run_dir / "data" / "release" / "README.md").read_text(encoding="utf-8")
    assert "## How to cite" in readme and "`t3_balance`" in readme and "`cross_year_carry`" in readme
    dictionary = (run_dir / "data" / "release" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    assert "| `applicant` | string (required) |" in dictionary


def test_frictionless_rejects_a_wrong_code_and_a_dangling_key(run_dir, tmp_path):
    """The validation above can fail: a code outside the enum and a report_id without its report."""
    broken = tmp_path / "release"
    shutil.copytree(run_dir / "data" / "release", broken)
    applications = broken / "csv" / "fct_applications.csv"
    text = applications.read_text(encoding="utf-8-sig")
    applications.write_text(text.replace(",natural_person,", ",nobody,", 1), encoding="utf-8-sig")
    review = broken / "csv" / "fct_review_litigation.csv"
    lines = review.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    review.write_text(lines[0] + "0000000000000000" + lines[1][16:] + "".join(lines[2:]), encoding="utf-8-sig")

    report = Package(str(broken / "datapackage.json")).validate()
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert ("fct_applications", "constraint-error") in errors
    assert ("fct_review_litigation", "foreign-key") in errors


def test_release_reads_back_to_the_marts_counts_and_the_seeds_figures(run_dir):
    release = run_dir / "data" / "release"
    counts = _mart_counts(run_dir / "data" / "warehouse.duckdb")
    assert counts["dim_report"] == 3 and counts["fct_applications"] > 3 * 170
    con = duckdb.connect()
    for table in TABLES:
        parquet = f"{release}/parquet/{table}/**/*.parquet"
        assert con.execute(f"select count(*) from read_parquet('{parquet}', hive_partitioning = true)"
                           ).fetchone()[0] == counts[table], table
        assert len(pd.read_parquet(release / "parquet" / table)) == counts[table], table
        assert len(pd.read_csv(release / "csv" / f"{table}.csv", encoding="utf-8-sig")) == counts[table], table
    # the facts are split by report year; one folder per year of the three reports
    years = sorted(p.name for p in (release / "parquet" / "fct_applications").iterdir())
    assert years == ["report_year=2020", "report_year=2022", "report_year=2024"]

    expected = _seed_figures()
    (seed_id,) = con.execute(
        f"select report_id from read_parquet('{release}/parquet/dim_report/*.parquet')"
        " where agency = '赣县区商务局' and year = 2024").fetchone()
    from_parquet, from_csv = {}, {}
    for table, a, b in SEED_FACTS.values():
        for key_a, key_b, value, state in con.execute(
                f"select {a}, {b}, value, state from read_parquet('{release}/parquet/{table}/*/*.parquet',"
                f" hive_partitioning = true) where report_id = ? and report_year = 2024", [seed_id]).fetchall():
            from_parquet[(table, key_a, key_b)] = (value, state)
        frame = pd.read_csv(release / "csv" / f"{table}.csv", encoding="utf-8-sig")
        for row in frame[frame.report_id == seed_id].itertuples():
            value = None if pd.isna(row.value) else row.value
            from_csv[(table, getattr(row, a), getattr(row, b))] = (value, row.state)
    assert from_parquet == expected
    assert from_csv == expected
    assert expected[("fct_applications", "new_received", "natural_person")] == (2, "number")  # by hand, as read


def test_csv_opens_in_excel_as_utf8(run_dir):
    raw = (run_dir / "data" / "release" / "csv" / "dim_report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfreport_id,")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert "赣县区商务局" in {r["agency"] for r in rows}


def test_gongkai_export_writes_replaces_and_refuses(run_dir, tmp_path, monkeypatch, capsys):
    warehouse = run_dir / "data" / "warehouse.duckdb"
    out = tmp_path / "open-data"
    assert main(["export", "--warehouse", str(warehouse), "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == str(out)
    first = (out / "CHECKSUMS").read_text(encoding="utf-8")
    assert main(["export", "--warehouse", str(warehouse), "--out", str(out)]) == 0  # replaced whole
    second = (out / "CHECKSUMS").read_text(encoding="utf-8")
    data_lines = lambda text: [line for line in text.splitlines() if "  csv/" in line]  # noqa: E731
    assert data_lines(first) == data_lines(second)  # same marts, same CSV bytes
    assert [p.name for p in tmp_path.iterdir()] == ["open-data"]  # nothing left beside it

    not_a_release = tmp_path / "documents"
    not_a_release.mkdir()
    (not_a_release / "mine.txt").write_text("keep me")
    assert main(["export", "--warehouse", str(warehouse), "--out", str(not_a_release)]) == 1
    assert "not a gongkai release" in capsys.readouterr().err
    assert [p.name for p in not_a_release.iterdir()] == ["mine.txt"]
    assert main(["export", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(out)]) == 2

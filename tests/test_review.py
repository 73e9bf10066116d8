"""Review decisions that stick: `gongkai review` on findings, kept across re-runs and a rebuilt
warehouse (the decisions file is the source of truth), reopened by a new version of the document."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import dagster as dg
import pytest

from gongkai.cli import main
from orchestration.definitions import WAREHOUSE_JOB, build_definitions
from warehouse import review
from warehouse.settings import Settings, warehouse_files
from warehouse.store import connect_for_query

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
S15 = "s15_t4_violation.txt"  # 中牟县人民政府办公室 2023: t4_total fails for administrative_review (4 ≠ 0)
S11 = "s11_xlsx.xlsx"  # 宁波市人民政府办公室 2021: narrative_applications fails (8 ≠ 4)


def _run(settings: Settings, inbox: Path) -> None:
    defs = build_definitions(settings, input_dir=inbox)
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(WAREHOUSE_JOB).execute_in_process(instance=instance, raise_on_error=False)
    assert result.success, [e.event_specific_data.error.message for e in result.all_events if e.is_step_failure]


def _reviews(warehouse: Path) -> dict[tuple[str, str, str], tuple]:
    """(agency, identity, scope) of the current reports' failing checks -> (review_status, comment, report_id)."""
    with connect_for_query(warehouse) as con:
        rows = con.execute(
            "select d.agency, c.identity, c.scope, c.review_status, c.review_comment, c.report_id "
            "from fct_identity_checks as c join dim_report as d using (report_id) "
            "where c.status = 'fail' and d.is_current").fetchall()
    return {row[:3]: row[3:] for row in rows}


@pytest.fixture
def desk(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in (S15, S11):
        shutil.copy(SAMPLES / name, inbox / name)
    data = tmp_path / "data"
    settings = Settings.from_env({"GONGKAI_DATA": str(data)})
    monkeypatch.setenv("GONGKAI_DATA", str(data))
    monkeypatch.delenv("GONGKAI_WAREHOUSE", raising=False)
    monkeypatch.delenv("GONGKAI_DECISIONS", raising=False)
    return settings, inbox


def test_a_dismissal_survives_reruns_and_a_rebuild_and_a_new_version_reopens_it(desk, capsys):
    settings, inbox = desk
    warehouse = settings.warehouse
    _run(settings, inbox)
    zhongmou = ("中牟县人民政府办公室", "t4_total", "administrative_review")
    ningbo = ("宁波市人民政府办公室", "narrative_applications", "report")
    before = _reviews(warehouse)
    assert set(before) == {zhongmou, ningbo}
    assert {v[0] for v in before.values()} == {"open"}
    first_id = before[zhongmou][2]

    assert main(["review", first_id[:8], "t4_total", "--dismiss", "复议案件按年报口径另计"]) == 0
    assert main(["review", before[ningbo][2], "narrative_applications", "report", "--confirm", "请更正正文"]) == 0
    # shown at once (fct_identity_checks is a view over the decisions)
    assert _reviews(warehouse)[zhongmou][:2] == ("dismissed", "复议案件按年报口径另计")
    assert _reviews(warehouse)[ningbo][:2] == ("confirmed", "请更正正文")

    _run(settings, inbox)  # a re-run over the same files
    assert _reviews(warehouse)[zhongmou][:2] == ("dismissed", "复议案件按年报口径另计")

    for path in warehouse_files(warehouse):  # the warehouse rebuilt from the same files
        if path.is_dir():  # the readers' snapshot, the Dask batches
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    assert settings.decisions_file.exists()
    _run(settings, inbox)
    after_rebuild = _reviews(warehouse)
    assert after_rebuild[zhongmou] == ("dismissed", "复议案件按年报口径另计", first_id)
    assert after_rebuild[ningbo][:2] == ("confirmed", "请更正正文")

    # A new version of 中牟县's report (same body and year): 行政复议 结果维持 0 → 1, still not
    # adding up to the total 4 (4 ≠ 1). Its finding starts open; the old version keeps its decision.
    text = (inbox / S15).read_text(encoding="utf-16")
    row = "| 0 | 0 | 0 | 0 | 4 | 0 |"
    assert text.count(row) == 1
    (inbox / S15).write_text(text.replace(row, "| 1 | 0 | 0 | 0 | 4 | 0 |"), encoding="utf-16")
    _run(settings, inbox)
    reopened = _reviews(warehouse)
    assert reopened[zhongmou][:2] == ("open", None)
    assert reopened[zhongmou][2] != first_id
    assert reopened[ningbo][:2] == ("confirmed", "请更正正文")
    with connect_for_query(warehouse) as con:
        assert con.execute("select review_status, lhs, rhs from fct_identity_checks where report_id = ? "
                           "and identity = 't4_total' and scope = 'administrative_review'",
                           [first_id]).fetchone() == ("dismissed", 4, 0)
        assert con.execute("select lhs, rhs from fct_identity_checks where report_id = ? and identity = 't4_total' "
                           "and scope = 'administrative_review'", [reopened[zhongmou][2]]).fetchone() == (4, 1)

    # listing, and --reopen
    capsys.readouterr()
    assert main(["review", "--status", "open"]) == 0
    listed = capsys.readouterr().out
    assert "中牟县人民政府办公室" in listed and "宁波市人民政府办公室" not in listed
    assert main(["review", before[ningbo][2], "narrative_applications", "--reopen"]) == 0
    assert _reviews(warehouse)[ningbo][:2] == ("open", None)


def test_bulk_edit_through_the_exported_csv(desk, capsys, tmp_path):
    settings, inbox = desk
    (inbox / S11).unlink()
    _run(settings, inbox)
    exported = tmp_path / "review.csv"
    assert main(["review", "--export", str(exported)]) == 0
    with exported.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["agency"], r["check_name"], r["scope"], r["finding"], r["review_status"]) for r in rows] == [
        ("中牟县人民政府办公室", "t4_total", "administrative_review", "4 ≠ 0", "open")]

    rows[0]["review_status"] = "dismissed"
    with exported.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    capsys.readouterr()
    assert main(["review", "--import", str(exported)]) == 1  # a dismissal needs its reason
    assert "needs a reason" in capsys.readouterr().err
    assert not settings.decisions_file.exists()  # all or nothing

    rows[0]["review_comment"] = "口径说明已附"
    with exported.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=rows[0].keys())
        writer.writeheader()
        writer.writerows(rows)
    assert main(["review", "--import", str(exported)]) == 0
    assert main(["review", "--import", str(exported)]) == 0  # unchanged rows are not recorded again
    assert len(review.read_decisions(settings.decisions_file)) == 1
    assert {v[:2] for v in _reviews(settings.warehouse).values()} == {("dismissed", "口径说明已附")}


def test_unknown_findings_and_malformed_decision_files_are_refused(desk, capsys):
    settings, inbox = desk
    (inbox / S11).unlink()
    _run(settings, inbox)
    rid = next(iter(_reviews(settings.warehouse).values()))[2]
    capsys.readouterr()
    assert main(["review", rid, "t3_balance", "--confirm", "x"]) == 1
    err = capsys.readouterr().err
    assert "no failing t3_balance" in err and "t4_total / administrative_review" in err
    assert main(["review", "ffffffffff", "t4_total", "--confirm", "x"]) == 1
    assert "no report" in capsys.readouterr().err

    assert not settings.decisions_file.exists()  # refusals record nothing
    # the report named by its file
    assert main(["review", str(inbox / S15), "t4_total", "--confirm", "请更正表四"]) == 0
    assert [(d["report_id"], d["review_status"]) for d in review.read_decisions(settings.decisions_file)] == [
        (rid, "confirmed")]
    settings.decisions_file.write_text(
        ",".join(review.DECISION_COLUMNS) + "\n"
        f"2025-03-01T10:00:00,{rid},x,t4_total,administrative_review,dismissed,ok,me\n"
        f"2025-03-01T10:05:00,{rid},x,t4_total,administrative_review,maybe,hm,me\n", encoding="utf-8")
    assert main(["review"]) == 1
    assert f"{settings.decisions_file} line 3: review_status 'maybe'" in capsys.readouterr().err
    with pytest.raises(review.ReviewError, match="line 3"):
        review.load_decisions(settings.warehouse, settings.decisions_file)


def test_the_last_decision_on_a_finding_wins(tmp_path):
    path = tmp_path / "decisions.csv"
    first = {"decided_at": "2025-03-01T10:00:00", "report_id": "a" * 16, "sha256": "a" * 64, "check_name": "t4_total",
             "scope": "administrative_review", "review_status": "dismissed", "comment": "口径", "decided_by": "甲"}
    review.append_decisions(path, [first, {**first, "decided_at": "2025-03-02T09:00:00", "review_status": "open",
                                           "comment": ""}])
    latest = review.latest_decisions(path)
    assert [(d["review_status"], d["line_no"]) for d in latest.values()] == [("open", 3)]
    assert path.read_text(encoding="utf-8").count("\n") == 3  # the header once, then one line per decision

"""The supervisor's review decisions on findings: confirm or dismiss a failing check, with a comment.

The source of truth is an append-only CSV file (Settings.decisions_file, default
data/review/decisions.csv), never only the DuckDB file: a warehouse rebuilt from the same
reports gets them back. Each run replaces raw.review_decisions with the file's lines
(`load_decisions`); dbt's marts.fct_review_decisions is their history (the latest per finding
flagged), and marts.fct_identity_checks shows the latest one of each check (review_status,
review_comment, reviewed_at, reviewed_by). Both are views, so a decision recorded by
`gongkai review` (which appends to the file and reloads the raw table) shows at once.

A finding is keyed by the document's content hash (report_id, the first 16 hex digits of its
sha256), the check and its scope: a re-parse of the same document keeps its decisions, a new
version of the document (other bytes, same body and year) has another report_id, so its
findings start open. The last line for a finding wins; `open` reopens it.

Which marts hold findings is data (data/finding_marts.csv): each row names the mart, its check
column and the SQL predicate of a failing row.
"""

from __future__ import annotations

import csv
import fcntl
import getpass
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from warehouse.store import (
    RAW_SCHEMA,
    REVIEW_DECISIONS_DDL,
    REVIEW_DECISIONS_TABLE,
    connect,
    connect_for_query,
    warehouse_lock,
)

DATA = Path(__file__).resolve().parent / "data"
DECISION_COLUMNS = ("decided_at", "report_id", "sha256", "check_name", "scope", "review_status", "comment",
                    "decided_by")
# The CSV a supervisor edits in bulk (`gongkai review --export` / `--import`): what identifies the
# finding, what it says, then the two columns to edit. Excel opens UTF-8 with a BOM as UTF-8.
EXPORT_COLUMNS = ("report_id", "agency", "year", "check_name", "scope", "severity", "finding", "review_status",
                  "review_comment", "reviewed_at", "reviewed_by")
EXPORT_ENCODING = "utf-8-sig"


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown finding, bad status, malformed file line)."""


@dataclass(frozen=True)
class ReviewStatus:
    status: str
    label_zh: str
    in_letter: bool  # findings with this status go into the correction letters


@dataclass(frozen=True)
class FindingMart:
    mart: str
    kind: str  # how a letter words it: identity (figures and where they are) or narrative (quoted text)
    check_column: str
    failing: str  # SQL predicate over the mart's row
    summary: str  # SQL expression: one line saying what fails
    message: str  # SQL expression: the check's own words on the finding (or null)
    quote: str  # SQL expression: the report's text the finding is about, quoted in letters (or null)


@lru_cache(maxsize=1)
def review_statuses() -> dict[str, ReviewStatus]:
    with (DATA / "review_statuses.csv").open(encoding="utf-8", newline="") as f:
        return {r["status"]: ReviewStatus(r["status"], r["label_zh"], r["in_letter"] == "true")
                for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def finding_marts() -> tuple[FindingMart, ...]:
    with (DATA / "finding_marts.csv").open(encoding="utf-8", newline="") as f:
        return tuple(FindingMart(**row) for row in csv.DictReader(f))


OPEN = "open"


# ---- the decisions file --------------------------------------------------------------------

def read_decisions(path: Path) -> list[dict]:
    """Every decision of the file in order (line_no: its line), validated; [] when there is no file.

    Raises ReviewError naming the file and the line when a line is malformed: a decision silently
    dropped would put a dismissed finding back into a letter."""
    path = Path(path)
    if not path.exists():
        return []
    statuses = review_statuses()
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != DECISION_COLUMNS:
            raise ReviewError(f"{path}: the header is {reader.fieldnames}, expected {list(DECISION_COLUMNS)}")
        for row in reader:
            where = f"{path} line {reader.line_num}"
            if None in row or any(row[c] is None for c in DECISION_COLUMNS):
                raise ReviewError(f"{where}: expected {len(DECISION_COLUMNS)} fields")
            if row["review_status"] not in statuses:
                raise ReviewError(f"{where}: review_status {row['review_status']!r} is not one of {sorted(statuses)}")
            if not row["report_id"] or not row["check_name"] or not row["scope"]:
                raise ReviewError(f"{where}: report_id, check_name and scope are required")
            try:
                decided_at = datetime.fromisoformat(row["decided_at"])
            except ValueError:
                raise ReviewError(f"{where}: decided_at {row['decided_at']!r} is not an ISO date-time") from None
            rows.append({**row, "decided_at": decided_at.replace(tzinfo=None), "line_no": reader.line_num})
    return rows


def append_decisions(path: Path, decisions: Sequence[dict]) -> None:
    """Append decisions (dicts with DECISION_COLUMNS) to the file, creating it with its header."""
    if not decisions:
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as f:
        fcntl.flock(f, fcntl.LOCK_EX)  # two `gongkai review` at once append whole lines
        writer = csv.DictWriter(f, fieldnames=DECISION_COLUMNS, lineterminator="\n")
        if f.tell() == 0:
            writer.writeheader()
        writer.writerows({c: d[c] for c in DECISION_COLUMNS} for d in decisions)


def _table(decisions: list[dict]) -> pa.Table:
    columns = {c: pa.array([d[c] for d in decisions], pa.timestamp("us") if c == "decided_at" else pa.string())
               for c in DECISION_COLUMNS}
    columns["line_no"] = pa.array([d["line_no"] for d in decisions], pa.int64())
    return pa.table(columns)


def load_decisions(warehouse: Path, path: Path) -> int:
    """Replace raw.review_decisions with the file's decisions (one transaction); their count."""
    table = _table(read_decisions(path))
    with warehouse_lock(warehouse), connect(warehouse) as con:
        con.execute(f"create schema if not exists {RAW_SCHEMA}")
        con.execute(REVIEW_DECISIONS_DDL)
        con.register("decisions_now", table)
        con.execute("begin transaction")
        try:
            con.execute(f"delete from {REVIEW_DECISIONS_TABLE}")
            con.execute(f"insert into {REVIEW_DECISIONS_TABLE} by name select * from decisions_now")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        finally:
            con.unregister("decisions_now")
    return table.num_rows


def latest_decisions(path: Path) -> dict[tuple[str, str, str], dict]:
    """(report_id, check_name, scope) -> the file's last decision on it."""
    return {(d["report_id"], d["check_name"], d["scope"]): d for d in read_decisions(path)}


# ---- findings in the warehouse -------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    report_id: str
    sha256: str
    agency: str | None
    year: int | None
    check_name: str
    scope: str
    severity: str
    summary: str | None
    is_current: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return self.report_id, self.check_name, self.scope


def failing_findings(warehouse: Path, report_ids: Iterable[str] | None = None,
                     current_only: bool = True) -> list[Finding]:
    """The failing rows of every finding mart present in the warehouse, with their report."""
    ids = None if report_ids is None else sorted(set(report_ids))
    with connect_for_query(warehouse) as con:
        present = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        if "dim_report" not in present:
            raise FileNotFoundError(f"{warehouse} has no marts: run `gongkai run` first")
        found: list[Finding] = []
        for mart in finding_marts():
            if mart.mart not in present:
                continue
            where = [f"({mart.failing})"]
            params: list = []
            if current_only:
                where.append("d.is_current")
            if ids is not None:
                where.append("f.report_id in (select unnest(?::varchar[]))")
                params.append(ids)
            rows = con.execute(
                f"""select f.report_id, d.sha256, d.agency, d.year, f.{mart.check_column}, f.scope, f.severity,
                           {mart.summary}, d.is_current
                    from marts.{mart.mart} as f join marts.dim_report as d using (report_id)
                    where {' and '.join(where)}
                    order by d.agency nulls last, d.year, f.report_id, 5, f.scope""", params).fetchall()
            found.extend(Finding(*row) for row in rows)
    return found


def resolve_report(warehouse: Path, report: str) -> tuple[str, str]:
    """(report_id, sha256) of a report given by its report_id, its sha256 or a prefix of either
    (at least 6 hex digits), or the path of its file."""
    text = report.strip().lower()
    if Path(report).is_file():
        text = hashlib.sha256(Path(report).read_bytes()).hexdigest()
    if len(text) < 6 or any(ch not in "0123456789abcdef" for ch in text):
        raise ReviewError(f"{report!r}: give a report_id (16 hex digits, or a unique prefix of at least 6), "
                          "a sha256 or the path of the report's file")
    with connect_for_query(warehouse) as con:
        rows = con.execute("select report_id, sha256 from marts.dim_report where starts_with(sha256, ?)",
                           [text[:64]]).fetchall()
    if not rows:
        raise ReviewError(f"no report {report!r} in {warehouse}")
    if len(rows) > 1:
        raise ReviewError(f"{report!r} names {len(rows)} reports ({', '.join(r for r, _ in rows)}): give more digits")
    return rows[0]


def decide(warehouse: Path, decisions_file: Path, report: str, check_name: str, scope: str | None,
           status: str, comment: str, decided_by: str | None = None) -> list[dict]:
    """Record `status` (confirmed, dismissed, open) on the failing findings of one report and check
    (every failing scope when `scope` is None); the decisions appended, after reloading them."""
    if status not in review_statuses():
        raise ReviewError(f"review status {status!r} is not one of {sorted(review_statuses())}")
    report_id, sha256 = resolve_report(warehouse, report)
    failing = [f for f in failing_findings(warehouse, [report_id], current_only=False)
               if f.check_name == check_name and (scope is None or f.scope == scope)]
    if not failing:
        what = f"{check_name}" + (f" / {scope}" if scope else "")
        known = sorted({f"{f.check_name} / {f.scope}" for f in failing_findings(warehouse, [report_id], False)})
        raise ReviewError(f"report {report_id} has no failing {what}; its failing checks: "
                          f"{', '.join(known) or 'none'}")
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    decisions = [_decision(f, status, comment, decided_by, now) for f in failing]
    _check_reasons(decisions, where="")
    append_decisions(decisions_file, decisions)
    load_decisions(warehouse, decisions_file)
    return decisions


def _decision(finding: Finding, status: str, comment: str, decided_by: str | None, now: str) -> dict:
    return {"decided_at": now, "report_id": finding.report_id, "sha256": finding.sha256,
            "check_name": finding.check_name, "scope": finding.scope, "review_status": status,
            "comment": (comment or "").strip(), "decided_by": decided_by or _user()}


def _check_reasons(decisions: Sequence[dict], where: str) -> None:
    for d in decisions:
        if d["review_status"] == "dismissed" and not d["comment"]:
            raise ReviewError(f"{where}dismissing {d['check_name']} / {d['scope']} of {d['report_id']} needs a reason "
                              "(the comment)")


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


# ---- listing, export and import ------------------------------------------------------------

def review_rows(warehouse: Path, decisions_file: Path, status: str | None = None) -> list[dict]:
    """Every failing finding of the current reports with its review (EXPORT_COLUMNS)."""
    latest = latest_decisions(decisions_file)
    rows = []
    for f in failing_findings(warehouse):
        d = latest.get(f.key)
        row = {"report_id": f.report_id, "agency": f.agency, "year": f.year, "check_name": f.check_name,
               "scope": f.scope, "severity": f.severity, "finding": f.summary,
               "review_status": d["review_status"] if d else OPEN, "review_comment": d["comment"] if d else "",
               "reviewed_at": d["decided_at"].isoformat(timespec="seconds") if d else "",
               "reviewed_by": d["decided_by"] if d else ""}
        if status is None or row["review_status"] == status:
            rows.append(row)
    return rows


def export_csv(warehouse: Path, decisions_file: Path, out: Path) -> int:
    rows = review_rows(warehouse, decisions_file)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding=EXPORT_ENCODING, newline="") as f:
        writer = csv.DictWriter(f, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def import_csv(warehouse: Path, decisions_file: Path, source: Path, decided_by: str | None = None) -> list[dict]:
    """Record the rows of an edited export whose review_status or review_comment differ from the
    latest decision (a finding never decided counts as open with no comment). All or nothing:
    every row is checked before any is recorded."""
    source = Path(source)
    text = source.read_text(encoding=EXPORT_ENCODING)
    reader = csv.DictReader(io.StringIO(text))
    needed = {"report_id", "check_name", "scope", "review_status", "review_comment"}
    if not needed <= set(reader.fieldnames or ()):
        raise ReviewError(f"{source}: needs the columns {sorted(needed)} (as `gongkai review --export` writes)")
    failing = {f.key: f for f in failing_findings(warehouse, current_only=False)}
    latest = latest_decisions(decisions_file)
    statuses = review_statuses()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    decisions = []
    for row in reader:
        where = f"{source} line {reader.line_num}: "
        key = (row["report_id"].strip(), row["check_name"].strip(), row["scope"].strip())
        status = (row["review_status"] or "").strip() or OPEN
        comment = (row["review_comment"] or "").strip()
        if status not in statuses:
            raise ReviewError(f"{where}review_status {status!r} is not one of {sorted(statuses)}")
        finding = failing.get(key)
        if finding is None:
            raise ReviewError(f"{where}no failing {key[1]} / {key[2]} of report {key[0]} in {warehouse}")
        before = latest.get(key)
        if (status, comment) == ((before["review_status"], before["comment"]) if before else (OPEN, "")):
            continue
        decisions.append(_decision(finding, status, comment, decided_by, now))
        _check_reasons(decisions[-1:], where)
    append_decisions(decisions_file, decisions)
    load_decisions(warehouse, decisions_file)
    return decisions

"""The mart rows the GX suites read, as pandas frames (`Marts`).

`load_marts` opens the DuckDB warehouse read-only, reads what the suites need and closes the
connection before returning; `load_marts_from` reads over an open connection, optionally only
some reports' rows. `expectations/frames.py` builds the suites' wide frames from them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from warehouse.store import connect

_REPORT_COLUMNS = ["report_id", "agency", "year", "division_code", "is_current"]
_CELL_COLUMNS = {
    "proactive": ["report_id", "item", "measure", "value", "state"],
    "applications": ["report_id", "outcome", "applicant", "value", "state"],
    "review": ["report_id", "proceeding", "outcome", "value", "state"],
}
IDENTITY_COLUMNS = ["report_id", "identity", "scope", "lhs", "rhs", "status", "severity", "zero_filled", "detail"]


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


@dataclass
class Marts:
    """The mart rows the suites read. Build one from a warehouse with `load_marts`, or by hand."""

    reports: pd.DataFrame = field(default_factory=lambda: _empty(_REPORT_COLUMNS))
    proactive: pd.DataFrame = field(default_factory=lambda: _empty(_CELL_COLUMNS["proactive"]))
    applications: pd.DataFrame = field(default_factory=lambda: _empty(_CELL_COLUMNS["applications"]))
    review: pd.DataFrame = field(default_factory=lambda: _empty(_CELL_COLUMNS["review"]))
    # report_id -> narrative dict (figures of sections 一 and 六)
    narrative: dict[str, dict] = field(default_factory=dict)
    # fct_identity_checks, when read from a warehouse (for the agreement check)
    identity_checks: pd.DataFrame | None = None
    source: str | None = None

    def __post_init__(self) -> None:
        reports = self.reports.copy()
        for column, default in (("agency", None), ("year", None), ("division_code", None), ("is_current", True)):
            if column not in reports:
                reports[column] = default
        reports["year"] = pd.to_numeric(reports["year"], errors="coerce").astype("Int64")
        reports["is_current"] = reports["is_current"].astype("boolean").fillna(True).astype(bool)
        self.reports = reports.reset_index(drop=True)
        for name in ("proactive", "applications", "review"):
            frame = getattr(self, name).copy()
            frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("Float64")
            setattr(self, name, frame.reset_index(drop=True))

    @property
    def report_ids(self) -> list[str]:
        return [str(r) for r in self.reports["report_id"]]


def load_marts(warehouse: Path | str, *, with_identity_checks: bool = True) -> Marts:
    """Read the marts (schema `marts`) read-only; the connection is closed on return."""

    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `gongkai run` first")
    with connect(path, read_only=True) as con:
        marts = load_marts_from(con, with_identity_checks=with_identity_checks)
    marts.source = str(path)
    return marts


def load_marts_from(con, *, report_ids: list[str] | None = None, with_identity_checks: bool = True) -> Marts:
    """The marts over an open DuckDB connection; with `report_ids`, only those reports' rows."""
    where = ""
    if report_ids is not None:
        import pyarrow as pa

        con.register("marts_report_ids", pa.table({"report_id": pa.array(list(report_ids), pa.string())}))
        where = " where report_id in (select report_id from marts_report_ids)"

    def df(sql: str) -> pd.DataFrame:
        return con.sql(sql).df()

    reports = df("select report_id, agency, year, division_code, is_current from marts.dim_report"
                 f"{where} order by report_id")
    proactive = df(f"select report_id, item, measure, value, state from marts.fct_proactive_disclosure{where}")
    applications = df(f"select report_id, outcome, applicant, value, state from marts.fct_applications{where}")
    review = df(f"select report_id, proceeding, outcome, value, state from marts.fct_review_litigation{where}")
    relations = {
        (s, t) for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }
    narrative_source = "staging.stg_raw__reports" if ("staging", "stg_raw__reports") in relations else "raw.reports"
    narrative_rows = con.execute(f"select report_id, narrative_json from {narrative_source}{where}").fetchall()
    identity_checks = None
    if with_identity_checks and ("marts", "fct_identity_checks") in relations:
        identity_checks = df(f"select {', '.join(IDENTITY_COLUMNS)} from marts.fct_identity_checks{where}")
    if report_ids is not None:
        con.unregister("marts_report_ids")
    narrative = {str(rid): _json(text) for rid, text in narrative_rows}
    return Marts(reports, proactive, applications, review, narrative, identity_checks)


def _json(text) -> dict:
    if text is None:
        return {}
    if isinstance(text, dict):
        return text
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}

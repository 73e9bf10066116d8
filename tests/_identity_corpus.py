"""A corpus for the three implementations of the identities (Python, pandas, SQL): the
generator's truths (tables and narrative, no rendering) of bodies reporting year after year,
most with injected violations, some cells then made blank or missing."""

from __future__ import annotations

from pathlib import Path

import duckdb
import jinja2
import pandas as pd

from expectations.marts import Marts
from ingest.generator.corpus import select_combos, truth_for
from ingest.model import Cell
from warehouse.dbt_vocabulary import states_macro_text

REPO = Path(__file__).resolve().parents[1]
CELL_TABLES = {"proactive": ("item", "measure"), "applications": ("outcome", "applicant"),
               "review_litigation": ("proceeding", "outcome")}


def truths(count: int = 240, seed: int = 16) -> dict[str, dict]:
    """report_id -> truth dict; every 5th report has a blank cell, every 7th a missing one."""
    combos = select_combos(None, None)
    out = {}
    for i in range(count):
        _, truth = truth_for(seed, i, combos, violation_rate=0.8, series_rate=0.9, rate_2019=0.1)
        report = truth.to_dict(path=f"{i:04d}.txt")
        if i % 5 == 0:
            _set(report, "applications", ("carried_over", "natural_person"), "blank")
            _set(report, "proactive", ("regulation", "repealed"), "blank")
        if i % 7 == 0:
            _set(report, "applications", ("carried_forward", "total"), "missing")
            _set(report, "review_litigation", ("litigation_direct", "pending"), "missing")
        if i % 11 == 0:
            _set(report, "proactive", ("normative_document", "in_force"), "missing")
        out[f"r{i:04d}"] = report
    return out


def _set(report: dict, table: str, key: tuple[str, str], state: str) -> None:
    k1, k2 = CELL_TABLES[table]
    for cell in report[table]:
        if (cell[k1], cell[k2]) == key:
            cell["state"], cell["value"] = state, None


def cells(report: dict) -> list[Cell]:
    return [Cell(table, c[k1], c[k2], c["value"], c["state"])
            for table, (k1, k2) in CELL_TABLES.items() for c in report[table]]


def marts(reports: dict[str, dict]) -> Marts:
    def frame(table: str) -> pd.DataFrame:
        return pd.DataFrame([{"report_id": rid, **c} for rid, r in reports.items() for c in r[table]])

    dim = pd.DataFrame([{"report_id": rid, "agency": r["report"]["agency"], "year": r["report"]["year"],
                         "division_code": r["report"]["division_code"], "is_current": True}
                        for rid, r in reports.items()])
    return Marts(dim, frame("proactive"), frame("applications"), frame("review_litigation"),
                 {rid: r["narrative"] for rid, r in reports.items()})


def _model_sql(name: str, macros: str, relations: dict[str, str]) -> str:
    """A dbt model's SQL as dbt compiles it on a full build: ref() to the given relations."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    module = env.from_string(macros).module
    cell_states = env.from_string(states_macro_text()).module
    template = env.from_string((REPO / "dbt_project" / "models" / "intermediate" / f"{name}.sql").read_text())
    return template.render(ref=relations.__getitem__, config=lambda **_: "", is_incremental=lambda: False,
                           cross_year_identity_operands=module.cross_year_identity_operands,
                           cell_number=cell_states.cell_number, cell_zero_filled=cell_states.cell_zero_filled)


def sql_cross_year(reports: dict[str, dict], macros: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(int_identity_checks__cross_year, int_reports__previous_year) computed by the dbt models'
    SQL in DuckDB over the reports' cells, with `macros` as the generated operand macro."""
    m = marts(reports)
    con = duckdb.connect()
    try:
        con.register("dim_report", m.reports)
        con.register("fct_applications", m.applications)
        con.register("fct_proactive_disclosure", m.proactive)
        relations = {"dim_report": "dim_report", "fct_applications": "fct_applications",
                     "fct_proactive_disclosure": "fct_proactive_disclosure",
                     "int_reports__previous_year": "previous_year"}
        con.execute(f"create table previous_year as {_model_sql('int_reports__previous_year', macros, relations)}")
        checks = con.sql(_model_sql("int_identity_checks__cross_year", macros, relations)).df()
        pairs = con.sql("select * from previous_year").df()
    finally:
        con.close()
    return checks, pairs

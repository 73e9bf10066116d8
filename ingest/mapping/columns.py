"""The columns of tables 2-4: printed column labels (`data/column_labels.csv`), the cell keys
of a row, the contract's cells in printed order, and money units.

Column labels are given per template: "2021" holds every table's columns, "2019" table 2's
columns of the 2019 template (`decisions` is printed differently there).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files

from ingest import codes
from ingest.alignment import Token
from ingest.model import Issue
from ingest.normalize import MISSING, NUMBER_STATE

SOURCE = "ingest/data/column_labels.csv"


@lru_cache(maxsize=1)
def column_labels() -> dict[str, dict[str, str]]:
    """template → column code → printed column label."""
    text = (files("ingest") / "data" / "column_labels.csv").read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for r in csv.DictReader(text.splitlines()):
        out.setdefault(r["template"], {})[r["code"]] = r["label"]
    return out


@lru_cache(maxsize=None)
def row_keys(table: str, code: str, subs: tuple[str, ...],
             template: str) -> tuple[tuple[tuple[str, str, str], str, str | None], ...]:
    """(cell key, column code, printed column label) of each cell of a row (a few hundred rows exist)."""
    labels = column_labels()
    col_label = labels["2019"] | labels["2021"] if template == "2021" or table != "proactive" \
        else labels["2021"] | labels["2019"]
    return tuple(((table, code, sub), sub, col_label.get(sub)) for sub in subs)


@lru_cache(maxsize=4)
def cell_order(has_other: bool, template: str = "2021") -> tuple[tuple[str, str, str], ...]:
    """Keys of the contract's cells in printed order (table 2 of the report's template); with
    （六）其他处理 printed as one row, its cells come before its sub-rows'."""
    keys = [("proactive", item, measure) for item, measure in codes.T2_CELLS_BY_TEMPLATE[template]]
    for outcome in codes.T3_OUTCOMES:
        if has_other and outcome == codes.OTHER_SUBROWS[0]:
            keys += [("applications", codes.OTHER_GROUP, applicant) for applicant in codes.APPLICANTS]
        keys += [("applications", outcome, applicant) for applicant in codes.APPLICANTS]
    keys += [("review_litigation", proceeding, outcome) for proceeding, outcome in codes.T4_CELLS]
    return tuple(keys)


def money_unit(text: str) -> str | None:
    return "万元" if "万元" in text else "元" if "元" in text else None


def in_10k_yuan(tok: Token, header_unit: str | None, label: str, issues: list[Issue]) -> Token:
    """A money cell in 万元, from the unit printed in the cell or else in its header."""
    if tok.state != NUMBER_STATE:
        return tok
    unit = money_unit(tok.raw or "") or header_unit
    if unit is None:
        issues.append(Issue("warning", "money_unit_unknown",
                            f"row {label!r}: amount {tok.raw!r} printed without 元 or 万元; left missing", tok.where))
        return Token(None, MISSING, tok.raw, tok.where, ocr=tok.ocr)
    if unit == "万元":
        return tok
    value = round(tok.value / 10000, 6)
    return Token(int(value) if float(value).is_integer() else value, tok.state, tok.raw, tok.where, tok.col, tok.ocr)

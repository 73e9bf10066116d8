"""The words of a correction letter, from data: the template's labels of tables, rows and columns
(ingest/data/labels.csv), the identities' and severities' names (data/identity_words.csv,
data/severity_words.csv) and places in the document (data/location_words.csv)."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache

from ingest import codes
from ingest.labels import label_table
from warehouse.review import DATA

# Table of the identities' cell keys -> its mart, the mart's row and column columns, and the
# label scopes (ingest/data/labels.csv) naming its rows and columns.
CELL_TABLES: dict[str, tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = {
    "proactive": ("fct_proactive_disclosure", "item", "measure", ("t2_item", "t2_item_2019"),
                  ("t2_header", "t2_header_2019")),
    "applications": ("fct_applications", "outcome", "applicant", ("t3_row", "t3_group"), ("t3_header",)),
    "review_litigation": ("fct_review_litigation", "proceeding", "outcome", ("t4_header",), ("t4_header",)),
}
MONEY_SUFFIX = "_10k_yuan"


@lru_cache(maxsize=1)
def identity_words() -> dict[str, dict[str, str]]:
    return {r["identity"]: r for r in _csv("identity_words.csv")}


@lru_cache(maxsize=1)
def severity_words() -> dict[str, str]:
    return {r["severity"]: r["label_zh"] for r in _csv("severity_words.csv")}


@lru_cache(maxsize=1)
def _location_words() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["words_zh"]) for r in _csv("location_words.csv"))


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def label(scopes: Sequence[str], code: str) -> str:
    """The label the template prints for `code`: the first variant in labels.csv of the first scope having it."""
    canonical = label_table().canonical
    # procurement_amount_10k_yuan is the header procurement_amount stored in 万元 (ingest/mapping/columns.py)
    for name in dict.fromkeys((code, code.removesuffix(MONEY_SUFFIX))):
        for scope in scopes:
            if (scope, name) in canonical:
                return canonical[(scope, name)]
    raise KeyError(f"no label for {code!r} in scopes {list(scopes)} of ingest/data/labels.csv")


def _t3_row_label(code: str) -> str:
    canonical = label_table().canonical
    group, _, _ = code.partition(".")
    text = canonical.get(("t3_row", code)) or canonical.get(("t3_group", code))
    if text is None:
        raise KeyError(f"no label for table-3 row {code!r} in ingest/data/labels.csv")
    if "." in code:
        text = f"{canonical[('t3_group', group)]}／{text}"
    if code in codes.RESULT_OUTCOMES or code in (codes.OTHER_GROUP, "results_total"):
        text = f"{canonical[('t3_context', 'results')]}／{text}"
    return text


def _t3_column_label(code: str) -> str:
    canonical = label_table().canonical
    text = canonical[("t3_header", code)]
    if code in codes.APPLICANT_COLUMNS[1:]:  # the sub-columns of 法人或其他组织
        text = f"{canonical[('t3_header', 'legal_persons')]}／{text}"
    return text


def _t4_proceeding_label(code: str) -> str:
    canonical = label_table().canonical
    if ("t4_header", code) in canonical and not code.startswith("litigation_"):
        return canonical[("t4_header", code)]
    return f"{canonical[('t4_header', 'litigation')]}／{canonical[('t4_header', code)]}"


def cell_place(table: str, row: str, col: str) -> str:
    """「table」表「row」行「column」列 (table 4: 「proceeding／outcome」栏), by the template's labels."""
    canonical = label_table().canonical
    if table == "review_litigation":  # one row of figures under two levels of column headers
        return f"「{canonical[('section', table)]}」表「{_t4_proceeding_label(row)}／{label(('t4_header',), col)}」栏"
    if table == "applications":
        row_text, col_text = _t3_row_label(row), _t3_column_label(col)
    else:
        _, _, _, row_scopes, col_scopes = CELL_TABLES[table]
        row_text, col_text = label(row_scopes, row), label(col_scopes, col)
    return f"「{canonical[('section', table)]}」表「{row_text}」行「{col_text}」列"


def scope_words(identity: str, scope: str) -> str:
    kind = identity_words()[identity]["scope_labels"]
    if kind == "report":
        return "全文"
    if kind == "t3_header":
        return _t3_column_label(scope) + "列"
    if kind == "t3_row":
        return _t3_row_label(scope) + "行"
    if kind == "t4_header":
        return _t4_proceeding_label(scope)
    if kind == "t2_cell":
        item, _, measure = scope.partition(".")
        return f"{label(('t2_item', 't2_item_2019'), item)}／{label(('t2_header', 't2_header_2019'), measure)}"
    return label((kind,), scope)


def location_words(location: str | None) -> str:
    if not location:
        return ""
    for pattern, words in _location_words():
        found = pattern.match(location)
        if found:
            return words.format(*found.groups())
    return location

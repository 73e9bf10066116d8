"""The label data (ingest/data/labels.csv, column_labels.csv) checked against the codes: a typo in
a scope, a code or a match kind fails here instead of being silently never matched."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ingest import codes
from ingest.labels import LabelTable
from ingest.mapping.sections import SCOPE_ORDER, SECTION_OF_SCOPE, TABLE_SECTIONS
from ingest.normalize import norm_label

DATA = Path(codes.__file__).parent / "data"

# Codes of printed structure that are no cell of the contract: headings of the narrative
# sections, table 2's blocks, header cells above or beside the column headers.
_STRUCTURE = {
    "section": {"narrative_overview", "problems", "other_matters"},
    "t2_block": {"article_20_1", "article_20_5", "article_20_6", "article_20_8", "article_20_9"},
    "t2_header": {"content"},
    "t2_header_2019": {"truncated", "procurement_amount"},
    "t3_context": {"results"},
    "t3_header": {"corner", "applicants", "legal_persons"},
    "t4_header": {"litigation"},
}
# The contract's codes each scope names.
_CONTRACT = {
    "section": set(TABLE_SECTIONS),
    "t2_block": set(),
    "t2_item": set(codes.T2_ITEMS),
    "t2_item_2019": set(codes.T2_2019_ITEMS) - set(codes.T2_ITEMS),
    "t2_header": {m for _, m in codes.T2_CELLS},
    "t2_header_2019": {m for _, m in codes.T2_2019_CELLS} - {"procurement_amount_10k_yuan"},
    "t3_context": set(),
    "t3_row": set(codes.T3_OUTCOMES),
    "t3_group": {"denied", "unavailable", "not_processed", codes.OTHER_GROUP},
    "t3_header": set(codes.APPLICANTS),
    "t4_header": set(codes.PROCEEDINGS) | set(codes.T4_OUTCOMES),
}
KNOWN = {scope: _CONTRACT[scope] | _STRUCTURE.get(scope, set()) for scope in _CONTRACT}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _bad_rows(rows: list[dict[str, str]]) -> list[str]:
    bad = []
    for n, r in enumerate(rows, start=2):
        if r["scope"] not in KNOWN:
            bad.append(f"line {n}: unknown scope {r['scope']!r}")
        elif r["code"] not in KNOWN[r["scope"]]:
            bad.append(f"line {n}: {r['code']!r} is no code of scope {r['scope']}")
        if r["match"] not in ("exact", "prefix"):
            bad.append(f"line {n}: match {r['match']!r} is neither exact nor prefix")
        if not norm_label(r["variant"]):
            bad.append(f"line {n}: variant {r['variant']!r} is empty once normalised")
    return bad


def test_every_label_names_a_known_scope_and_one_of_its_codes():
    assert _bad_rows(_rows("labels.csv")) == []


def test_every_scope_the_mapper_orders_is_in_the_table_and_known_here():
    scopes = {r["scope"] for r in _rows("labels.csv")}
    ordered = {s for order in SCOPE_ORDER.values() for s in order}
    assert ordered | set(SECTION_OF_SCOPE) <= scopes
    assert scopes <= set(KNOWN)


def test_every_contract_code_has_a_printed_label():
    by_scope: dict[str, set[str]] = {}
    for r in _rows("labels.csv"):
        by_scope.setdefault(r["scope"], set()).add(r["code"])
    for scope, contract in _CONTRACT.items():
        assert contract <= by_scope.get(scope, set()), (scope, sorted(contract - by_scope.get(scope, set())))


def test_no_variant_is_listed_twice_in_one_scope():
    seen = [(r["scope"], r["variant"]) for r in _rows("labels.csv")]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("column, typo, expected", [
    ("scope", "t3_rows", "unknown scope 't3_rows'"),
    ("code", "grantd", "'grantd' is no code of scope"),
    ("match", "prefx", "match 'prefx'"),
])
def test_a_typo_in_a_copy_of_the_table_is_caught(column, typo, expected):
    rows = _rows("labels.csv")
    i = next(i for i, r in enumerate(rows) if r["scope"] == "t3_row" and r["code"] == "granted")
    rows[i] = {**rows[i], column: typo}
    bad = _bad_rows(rows)
    assert len(bad) == 1 and expected in bad[0] and bad[0].startswith(f"line {i + 2}:")
    LabelTable(rows)  # the loader itself does not object: this test is what catches it


def test_column_labels_name_known_templates_and_codes():
    rows = _rows("column_labels.csv")
    assert {r["template"] for r in rows} == set(codes.TEMPLATES)
    known = {"2021": {m for _, m in codes.T2_CELLS} | set(codes.APPLICANTS) | set(codes.PROCEEDINGS)
             | set(codes.T4_OUTCOMES),
             "2019": {m for _, m in codes.T2_2019_CELLS}}
    for r in rows:
        assert r["code"] in known[r["template"]], r
        assert r["label"].strip() == r["label"] != ""
    pairs = [(r["template"], r["code"]) for r in rows]
    assert len(pairs) == len(set(pairs))

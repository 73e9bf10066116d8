"""One identity table (ingest/data/identities.csv) behind the three implementations: the Python
check (ingest/identities.py), the pandas frames of the GX suites (expectations/frames.py) and the
SQL of the cross-year identities (dbt model + the macro generated from the table)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from expectations.frames import frame_builder
from expectations.specs import IDENTITY_SPECS
from ingest import alignment, alignment_rules, codes, identities
from ingest.alignment import Token
from ingest.identity_table import IDENTITIES, load_identities, read_identities
from ingest.normalize import NUMBER_STATE
from tests import _identity_corpus as corpus
from warehouse.dbt_vocabulary import generated, macro_text

TABLE = Path(identities.__file__).parent / "data" / "identities.csv"
CROSS_YEAR = ("cross_year_carry", "cross_year_in_force")


def _num(value):
    return None if value is None or pd.isna(value) else round(float(value), 6)


def _verdict(status, lhs, rhs, zero_filled):
    """What every implementation must say alike: sides only where the row is decided."""
    sides = (None, None) if status == "undecidable" else (_num(lhs), _num(rhs))
    return status, *sides, bool(zero_filled)


def _frame_rows(frame: pd.DataFrame) -> dict[tuple[str, str, str], tuple]:
    return {(str(r.report_id), r.identity, str(r.scope)): _verdict(r.status, r.lhs, r.rhs, r.zero_filled)
            for r in frame.itertuples(index=False)}


def _evaluate_all(reports: dict[str, dict], table) -> tuple[dict, dict, dict]:
    """(Python, pandas, SQL) verdicts per (report_id, identity, scope), all from `table`."""
    sql, pairs = corpus.sql_cross_year(reports, macro_text(table))
    python = {}
    for rid, report in reports.items():
        for r in identities.evaluate(corpus.cells(report), report["narrative"], table=table):
            python[(rid, r.id, r.scope)] = _verdict(r.status, r.lhs, r.rhs, r.zero_filled)
    for pair in pairs.itertuples(index=False):
        if pair.previous_report_id is None or pd.isna(pair.previous_report_id):
            continue  # the other implementations say undecidable: no report of the year before
        current, previous = reports[pair.report_id], reports[pair.previous_report_id]
        for r in identities.evaluate_cross_year(corpus.cells(current), corpus.cells(previous), table=table):
            python[(pair.report_id, r.id, r.scope)] = _verdict(r.status, r.lhs, r.rhs, r.zero_filled)
    marts = corpus.marts(reports)
    frames = {}
    for name in IDENTITY_SPECS:
        if name != "coverage":
            frames.update(_frame_rows(frame_builder(name, table)(marts)))
    return python, frames, _frame_rows(sql)


@pytest.fixture(scope="module")
def reports():
    return corpus.truths()


def _compare(python, frames, sql):
    decided = {k: v for k, v in frames.items() if k[1] not in CROSS_YEAR or v[0] != "undecidable"}
    assert {k: python.get(k) for k in decided} == decided  # Python decides the pairs it is given
    assert {k: v for k, v in frames.items() if k[1] in CROSS_YEAR} == sql


def test_the_three_implementations_agree_where_every_identity_fails(reports):
    python, frames, sql = _evaluate_all(reports, IDENTITIES)
    _compare(python, frames, sql)
    failing = Counter(identity for (_, identity, _), v in frames.items() if v[0] == "fail")
    assert set(failing) == set(IDENTITIES), "every identity fails somewhere in the corpus"
    assert {identity for (_, identity, _), v in sql.items() if v[0] == "fail"} == set(CROSS_YEAR)
    statuses = Counter(v[0] for v in frames.values())
    assert statuses["undecidable"] and any(v[3] for v in frames.values())  # missing and blank cells too


def _cell(report: dict, table: str, key: str, sub: str):
    k1, k2 = corpus.CELL_TABLES[table]
    found = [c for c in report[table] if (c[k1], c[k2]) == (key, sub)]
    if not found or found[0]["state"] == "missing":
        return None
    return found[0]["value"] if found[0]["state"] == "number" else 0


def test_a_one_line_change_of_the_table_is_followed_by_all_three(reports, tmp_path):
    """Drop `pending` from t4_total and `- repealed` from cross_year_in_force in a copy of the
    table: all three evaluate the edited identities, as computed here from the truth cells."""
    copy = tmp_path / "identities.csv"
    shutil.copy(TABLE, copy)
    text = copy.read_text(encoding="utf-8")
    edited = text.replace(",upheld + corrected + other + pending,", ",upheld + corrected + other,", 1)
    edited = edited.replace(",previous:in_force + issued - repealed,", ",previous:in_force + issued,", 1)
    changed = [(a, b) for a, b in zip(text.splitlines(), edited.splitlines()) if a != b]
    assert [a.split(",")[0] for a, _ in changed] == ["t4_total", "cross_year_in_force"]
    copy.write_text(edited, encoding="utf-8")
    table = load_identities(copy)

    python, frames, sql = _evaluate_all(reports, table)
    _compare(python, frames, sql)
    original = _evaluate_all(reports, IDENTITIES)[1]

    for rid, report in reports.items():
        for proceeding in ("administrative_review", "litigation_direct", "litigation_after_review"):
            operands = [_cell(report, "review_litigation", proceeding, o)
                        for o in ("total", "upheld", "corrected", "other")]
            verdict = frames[(rid, "t4_total", proceeding)]
            if None in operands:
                assert verdict[0] == "undecidable"
            else:
                assert verdict[:3] == ("pass" if operands[0] == sum(operands[1:]) else "fail",
                                       operands[0], sum(operands[1:])), (rid, proceeding)
    pairs = {k[0]: v for k, v in sql.items() if k[1] == "cross_year_in_force"}
    decided_in_force = 0
    for (rid, identity, item), verdict in sql.items():
        if identity != "cross_year_in_force" or verdict[0] == "undecidable":
            continue
        previous = next(r for r, rep in reports.items() if rep["report"]["agency"] == reports[rid]["report"]["agency"]
                        and rep["report"]["year"] == reports[rid]["report"]["year"] - 1)
        now, issued = _cell(reports[rid], "proactive", item, "in_force"), _cell(reports[rid], "proactive", item, "issued")
        before = _cell(reports[previous], "proactive", item, "in_force")
        assert verdict[:3] == ("pass" if now == before + issued else "fail", now, before + issued), (rid, item)
        decided_in_force += 1
    assert decided_in_force and pairs
    # the edit mattered: some verdicts of both identities changed
    for identity in ("t4_total", "cross_year_in_force"):
        assert any(frames[k] != original[k] for k in frames if k[1] == identity), identity


def test_the_generated_dbt_macros_are_the_tables():
    for path, text in generated().items():
        assert path.read_text(encoding="utf-8") == text, \
            f"run python -m warehouse.dbt_vocabulary: {path.name} is not generated from its table"


@pytest.mark.parametrize("old, new, message", [
    (",upheld + corrected + other + pending,", ",upheld + corected + other + pending,", "corected not a code"),
    (",results_total,@result_outcomes,", ",results_total,@result_outcome,", "no code group @result_outcome"),
    (",upheld + corrected + other + pending,", ",upheld corrected,", "cannot read the operands"),
    (",new_received + carried_over,", ",new_received + previous:carried_over,", "belong to cross_year"),
    ("cross_year_in_force,cross_year,warning", "cross_year_in_force,cross_year,warn", "not one of"),
    (",new_received + carried_over,", ",new_received + new_received,", "named twice"),
])
def test_a_typo_in_the_table_fails_loudly_naming_the_line(old, new, message):
    text = TABLE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ValueError, match=message) as error:
        identities.check_table(read_identities(text.replace(old, new, 1)))
    assert "identities.csv line" in str(error.value)


def _t(v):
    return Token(v, NUMBER_STATE, str(v), "line 1")


def test_the_readers_alignment_follows_a_one_line_change_of_the_table(tmp_path):
    """Drop `pending` from t4_total and `+ carried_over` from t3_balance in a copy of the table:
    the row and column identities alignment weighs readings by are the copy's."""
    copy = tmp_path / "identities.csv"
    text = TABLE.read_text(encoding="utf-8")
    edited = text.replace(",upheld + corrected + other + pending,", ",upheld + corrected + other,", 1)
    edited = edited.replace(",new_received + carried_over,", ",new_received,", 1)
    changed = [a.split(",")[0] for a, b in zip(text.splitlines(), edited.splitlines()) if a != b]
    assert changed == ["t3_balance", "t4_total"]
    copy.write_text(edited, encoding="utf-8")
    ours, theirs = alignment_rules.RULES, alignment_rules.rules(load_identities(copy))

    # table 4, one proceeding printed 1 2 3 6 (a blank lost): with pending in the total, 1+2+3+0
    # = 6 wherever the blank stands among the first four (4 readings); without it only
    # upheld 1, corrected 2, other 3, pending blank, total 6 holds
    printed = [_t(1), _t(2), _t(3), _t(6)]
    assert len(alignment.read_row(printed, 5, alignment.row_holds(ours.t4_block)).readings) == 4
    assert alignment.read_row(printed, 5, alignment.t4_total_holds).decided is None
    decided = alignment.read_row(printed, 5, alignment.row_holds(theirs.t4_block)).decided
    assert [t.value if t.state == NUMBER_STATE else t.state for t in decided] == [1, 2, 3, "blank", 6]

    # table 3, 一、本年新收 read 11|0|…|11 or 1|10|…|11; carried over 5 under natural_person,
    # results total 11 0 0 0 0 0 11, carried forward 0. With the table's balance (new + carried
    # over = results + carried forward) neither reading holds; without `+ carried_over` the first does
    known = {("carried_over", a): _t(v) for a, v in zip(codes.APPLICANTS, [5, 0, 0, 0, 0, 0, 5])}
    known |= {("carried_forward", a): _t(0) for a in codes.APPLICANTS}
    known |= {("results_total", a): _t(v) for a, v in zip(codes.APPLICANTS, [11, 0, 0, 0, 0, 0, 11])}
    first = [_t(v) for v in (11, 0, 0, 0, 0, 0, 11)]
    second = [_t(v) for v in (1, 10, 0, 0, 0, 0, 11)]
    undecided = {"new_received": [first, second]}
    assert alignment.resolve_columns(known, undecided, False) == ({}, 0)
    assert alignment.resolve_columns(known, undecided, False, ours) == ({}, 0)
    assert alignment.resolve_columns(known, undecided, False, theirs) == ({"new_received": first}, 1)

    def cell(o, i):
        row = first if o == "new_received" else [known[(o, a)] for a in codes.APPLICANTS]
        return row[i].value

    assert not alignment.balance_holds(cell) and alignment.column_holds(theirs.balance)(cell)

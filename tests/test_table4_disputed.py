"""Table 4 of plain `pdftotext` where several splits of a wrapped row hold its total
(`ingest/readers/table4_disputed.py`): the cells every split agrees on are read, the others stay
missing with a finding naming them. Eighth set (seed 21) 000111: 行政复议's `１ ０ ０ １ １ ２ ３`
is 12 0 0 1 13 (its truth) or 1 0 0 12 13; 未经复议直接起诉 and 复议后起诉 are placed alike under both."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.table4_disputed import agreed_split, holding_splits
from ingest.states import MISSING, NUMBER
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def _digits(text: str) -> list[Token]:
    return [Token(int(d), NUMBER, d, f"line {i + 1}") for i, d in enumerate(text.split())]


def test_the_cells_every_split_agrees_on_are_read_the_others_missing():
    got, want, issues = _table4(DATA / "eighth_000111_pdftotext_plain.txt")
    disputed = {0, 3}  # 行政复议's 结果维持 (12 or 1) and 尚未审结 (1 or 12)
    assert [got[c] for c in range(15) if c not in disputed] == [want[c] for c in range(15) if c not in disputed]
    assert [v for v, _ in got[:5]] == [None, 0, 0, None, 13]  # by hand: 1 0 0 12 13 / 12 0 0 1 13
    assert [got[c][1] for c in disputed] == [MISSING, MISSING]
    found = [i for i in issues if i.code == "ambiguous_row" and "split several ways" in i.message]
    assert len(found) == 1
    assert "administrative_review/upheld, administrative_review/pending left missing" in found[0].message


def test_the_splits_weighed_are_every_one_the_digits_allow():
    # 999 read, then 0 0 1 1000 (four columns, seven digits): a four-digit total, past three digits
    read = _digits("9")
    read[0] = Token(999, NUMBER, "999", "line 1")
    rows = [[t.raw for t in row] for row in holding_splits(_digits("0 0 1 1 0 0 0"), read, 4)]
    assert ["0", "0", "1", "1000"] in rows
    assert not any(r == ["0", "0", "1", "1000"] for r in
                   ([t.raw for t in row] for row in holding_splits(_digits("0 0 1 1 0 0 0"), read, 3)))


def test_agreed_split_reads_only_what_every_split_gives():
    row = agreed_split(list(holding_splits(_digits("1 0 0 1 1 2 3"), [], 3)))
    assert [t.raw or t.state for t in row] == ["missing", "0", "0", "missing", "13"]
    assert [t.state for t in row] == [MISSING, NUMBER, NUMBER, MISSING, NUMBER]


def test_unread_cells_ride_the_row_not_a_printed_string():
    """A rebuilt cell left unread reaches the mapper as `Row.unread`, its text empty: `missing`.
    No printed text stands for it (`—?` once did, which a report printing it would have hit)."""
    from ingest.mapper import map_rows
    from ingest.model import Row
    from ingest.normalize import parse_value
    from ingest.readers.table4_columns import rows_of, unread

    rows = rows_of([unread("line 9"), *_digits("0 0 1 1") * 3, *_digits("0 0")], 9)
    assert rows[2].cells[0] == "" and rows[2].unread == [True] + [False] * 14
    assert parse_value("—?") is None
    got = map_rows([Row(["四、政府信息公开行政复议、行政诉讼情况"], 8), *rows]).cells
    read = {(c.key, c.sub): (c.value, c.state, c.raw) for c in got if c.table == "review_litigation"}
    assert read[("administrative_review", "upheld")] == (None, MISSING, None)
    assert read[("administrative_review", "total")] == (1, NUMBER, "1")

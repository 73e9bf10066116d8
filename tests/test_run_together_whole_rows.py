"""Run-together text (a crawl with every separator stripped, tests/fixtures/text/run_together_t*.txt:
tables 2 to 4 of rendered documents 000055, 000111, 000391, 000265, 001007 and 000727): a row of
table 2 or 3 and a proceeding of table 4 are read as printed whole or left blank whole. Values asserted are
the generator's truth for those documents."""

from __future__ import annotations

from ingest.alignment import RUN, Token, t4_total_holds
from ingest.alignment_runs import agreed, read_run_blocks, whole_cuts
from ingest.normalize import MISSING
from ingest.parse import parse_file
from tests.test_readers_text_kinds import TEXT, _cells, _row, _t4

T2_FIRST = ("issued", "repealed", "in_force")


def _values(toks) -> list:
    return [t.value if t.state == "number" else t.state for t in toks]


def test_whole_cuts_of_a_run():
    run = Token(None, RUN, "101", "l")
    assert [_values(c) for c in whole_cuts(run, 3)] == [[1, 0, 1]]  # never 10, blank, 1
    assert sorted(_values(c) for c in whole_cuts(Token(None, RUN, "2010", "l"), 3)) == [[2, 0, 10], [20, 1, 0]]
    assert whole_cuts(Token(None, RUN, "10", "l"), 3) == []
    two = whole_cuts(Token(None, RUN, "0340", "l"), 3)
    assert [(t.value, t.state) for t in agreed(two, "l")] == [(0, "number"), (None, MISSING), (None, MISSING)]


def test_table4_blocks_printed_whole_or_blank_whole():
    def reading(raw):
        return read_run_blocks(Token(None, RUN, raw, "l"), 5, 3, t4_total_holds)

    assert [_values(r) for r in reading("712412350040400000").readings] == [
        [7, 12, 4, 12, 35, 0, 0, 4, 0, 4, 0, 0, 0, 0, 0]]
    # ten zeros: any one of the three proceedings may be the blank one
    assert len(reading("0000000000").readings) == 3
    assert reading("030270540900022").readings == []  # 0+3+0+2 is not 7


def test_table2_row_run_together_is_not_assumed_printed_whole():
    """规章000行政规范性文件626 (000055): 000 is three counts whichever cells were blank (no count
    starts with 0), 626 is 6, 2, 6 or 6, 26 or 62, 6 with a cell left blank; table 2 has no
    identity to choose, so the row stays missing (docs/decisions.md: rows run together are not
    assumed printed whole)."""
    cells, issues = _cells("run_together_t2_whole.txt")
    assert [cells[("proactive", "regulation", m)] for m in T2_FIRST] == [0, 0, 0]
    assert [cells[("proactive", "normative_document", m)] for m in T2_FIRST] == ["missing"] * 3
    assert any(i.code in ("ambiguous_row", "no_alignment") and "626" in i.message for i in issues)


def test_table2_run_with_several_cuts_stays_missing():
    # 规范性文件0340 (000111): 0, 3, 40 or 0, 34, 0 printed whole, and more with a blank cell
    cells, _ = _cells("run_together_t2_agreed.txt")
    assert [cells[("proactive", "normative_document", m)] for m in T2_FIRST] == ["missing"] * 3


def test_table4_the_one_reading_with_every_proceeding_whole():
    # 712412350040400000 (000391): 21 placements hold the totals once blanks may fall anywhere,
    # one with each proceeding printed whole or left blank whole
    cells, issues = _cells("run_together_t4_whole.txt")
    assert _t4(cells) == [7, 12, 4, 12, 35, 0, 0, 4, 0, 4, 0, 0, 0, 0, 0]
    assert [cells[("proactive", "normative_document", m)] for m in T2_FIRST] == [0, 0, 4]
    assert any(i.code == "inferred_alignment" and "712412350040400000" in i.message for i in issues)


def test_table4_whose_totals_fail_in_every_cut_stays_missing():
    # 030270540900022 (000265, whose 行政复议 total the generator broke: 0+3+0+2 ≠ 7): no cut
    # holds the totals, and the cut with every cell printed is not preferred to the others
    report = parse_file(TEXT / "run_together_t4_as_printed.txt")
    cells = {(c.table, c.key, c.sub): (c.value if c.state == "number" else c.state) for c in report.cells}
    assert _t4(cells) == ["missing"] * 15
    assert any(i.code in ("no_alignment", "ambiguous_row") and "030270540900022" in i.message
               for i in report.issues)
    assert not [r for r in report.identities if r.id == "t4_total" and r.status == "fail"]
    # 22622 for three counts: six cuts, none agreeing
    assert [cells[("proactive", "normative_document", m)] for m in T2_FIRST] == ["missing"] * 3


def test_table4_cells_every_holding_reading_agrees_on():
    # 01110120013400022 (001007): 0,11,1,0,12 / 0,1,1,10,12 / 0,1,11,0,12 — 行政复议's middle
    # cells differ between the readings, the two 诉讼 proceedings do not
    cells, issues = _cells("run_together_t4_agreed.txt")
    t4 = _t4(cells)
    assert t4[5:] == [0, 0, 1, 3, 4, 0, 0, 0, 2, 2]
    assert t4[0] == 0 and t4[4] == 12
    assert t4[1:4] == ["missing"] * 3
    assert any(i.code == "ambiguous_row" and "01110120013400022" in i.message for i in issues)


def test_table3_rows_printed_whole_narrow_the_cuts_the_identities_weigh():
    # 000727's table 3: 9851043111 holds its row total in 13 placements once blanks may fall
    # anywhere, in one with every cell printed; 1767994763371977 (received and the results'
    # total) in nine, left to the column sums and the balance, which keep one
    cells, issues = _cells("run_together_t3_whole.txt")
    assert _row(cells, "not_processed.duplicate") == [98, 5, 1, 0, 4, 3, 111]
    assert _row(cells, "new_received") == [1767, 99, 4, 7, 63, 37, 1977]
    assert _row(cells, "results_total") == [1767, 99, 4, 7, 63, 37, 1977]
    assert _row(cells, "granted") == [809, 44, 1, 6, 28, 12, 900]
    assert _row(cells, "carried_over") == ["blank"] * 7  # no digits: the row left blank whole
    assert all(v != "missing" for k, v in cells.items() if k[0] == "applications")
    assert any(i.code == "inferred_alignment" and "9851043111" in i.message and "every cell printed" in i.message
               for i in issues)

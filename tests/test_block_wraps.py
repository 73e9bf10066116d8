"""Numbers wrapped in table 3's narrow cells, plain `pdftotext` (ingest/readers/block_wraps.py).

The texts under tests/data/wrapped/ are plain-pdftotext dumps of rendered reports (the corpus
generator's LibreOffice ruled PDFs) whose 3-digit numbers were cut the way LibreOffice wraps them
in a cell two digits wide and poppler prints them (head where the number starts, tail on the
next printed line of the same flow; in a label flow after the label's next line):
- value_flows: report 000956, its values in flows of one column each (`13` / `4` for 134);
- label_flow: report 000648, the first columns beside the row labels
  (`一、本年新收政府信息公开申请数 33 33` / `0` / `3` / `量` / `1` for 331, 33);
- two_joinings: label_flow with two rows changed by hand so that either of two joinings holds
  under every identity (not_held 128, 12 and needs_creation 12, 128, both printed `12 12` with
  the tail `8` after the label's next line; the totals they feed changed to match).
Each truth file is the generator's truth, for two_joinings with those changes made by hand.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_segments import Segment
from ingest.readers.block_wraps import joinings
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "wrapped"


def _table3(path: Path) -> dict[tuple[str, str], object]:
    return table3(path)


def _truth(name: str) -> dict[tuple[str, str], object]:
    return truth3(DATA / f"{name}.truth.json")


def _findings(path: Path) -> list[str]:
    return [i.message for i in parse_file(path).issues if "wrapped in narrow cells" in i.message]


def test_numbers_wrapped_in_value_flows_read_joined():
    got = _table3(DATA / "value_flows.txt")
    assert got == _truth("value_flows")
    assert got[("new_received", "natural_person")] == 134 and got[("results_total", "total")] == 155
    [finding] = _findings(DATA / "value_flows.txt")
    assert "13 (line 139) + 4 (line 140) read 134" in finding and "15 (line 174) + 5 (line 175) read 155" in finding


def test_tail_after_the_label_fragment_joins_the_head_the_identities_allow():
    got = _table3(DATA / "label_flow.txt")
    assert got == _truth("label_flow")
    row = [got[("new_received", a)] for a in codes.APPLICANTS]
    assert row == [331, 33, 0, 3, 5, 8, 380]  # `33 33` … `量` / `1`: the first 33 is cut short
    assert [got[("unavailable.not_held", a)] for a in codes.APPLICANTS] == [128, 13, 0, 2, 0, 2, 145]


def test_two_joinings_that_both_hold_leave_their_rows_missing():
    got = _table3(DATA / "two_joinings.txt")
    want = _truth("two_joinings")
    open_rows = {"unavailable.not_held", "unavailable.needs_creation"}
    assert not any(o in open_rows for o, _ in got)
    assert got == {k: v for k, v in want.items() if k[0] not in open_rows}
    assert got[("new_received", "commercial_enterprise")] == 160  # `16` … `0`: joined in every reading


def _tok(raw: str, line: int) -> Token:
    return Token(int(raw.replace(",", "")) if raw.replace(",", "").isdigit() else None, NUMBER, raw, f"line {line}")


def test_a_head_cut_inside_its_thousands_separator_takes_the_digits_the_group_lacks():
    text = {0: "一、本年新收 2,57 142", 1: "39", 2: "量", 3: "3", 4: "二、上年结转 10 0", 5: "1", 6: "量",
            7: "三、办理结果 7 0 0"}
    row1 = [_tok("2,57", 1), _tok("142", 1), _tok("39", 2), _tok("3", 4)]
    rest = [_tok("10", 5), _tok("0", 5), _tok("1", 6), _tok("7", 8), _tok("0", 8), _tok("0", 8)]

    def joined(beside: list[Token]) -> list[list[str]]:
        sets = joinings([Segment(beside)], 9, 0, text, lambda s: s.startswith(("一、", "二、", "三、")))
        return sorted([t.raw for t in x[0].beside][:3] for x, _ in sets)

    # one value too many in row 1 (the others hold three): its last value `3` is the tail of
    # `2,57`; `142`, as wide as the widest printed, is no head where the table prints a
    # thousands separator (a four-digit number would print one: `1,423`)
    assert joined(row1 + rest) == [["2,573", "142", "39"]]
    text[3] = "31"  # two digits: `2,57` lacks one, and `142` is no head
    assert joined(row1[:3] + [_tok("31", 4)] + rest) == []
    plain = [_tok("257", 1), *row1[1:3]]  # no separator printed: the widest values are heads
    text[0] = "一、本年新收 257 142"
    assert joined(plain + [_tok("31", 4)] + rest) == [["257", "14231", "39"], ["25731", "142", "39"]]
    text[3] = "310"  # as many digits as the heads: no head was cut short before it
    assert joined(plain + [_tok("310", 4)] + rest) == []

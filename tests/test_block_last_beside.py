"""Table 3 of plain `pdftotext` whose last label flow holds the first columns of the last rows
(ingest/readers/block_last_beside.py), numbers wrapped in it (ingest/readers/block_wraps.py) and
choices of the segments weighed only where their row totals could be (block_fewest.within_reach).

tests/data/plain_inconsistent/000564_pdftotext_plain is a copy of the rendered corpus report
000564 (generator report through LibreOffice and plain pdftotext; injected t3_row_total: 保护第三方
合法权益 prints 66 where its columns add up to 63, 逾期未按收费 11 where they add up to 14) with
the generator's truth. Its last label flow prints `45` / `3` / `2,57 142` / `5` /
`四、结转下年度继续办理` / `0` / `0`: (六)3's, 总计's and 四's 自然人 and 商业企业, 2,575 wrapped
in its cell; the previous page's last flows hold those rows' other columns."""

from __future__ import annotations

import json
from pathlib import Path

from ingest import codes
from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.parse import parse_file
from ingest.readers.block_last_beside import with_last_beside
from ingest.readers.block_segments import Breaks, Segment
from ingest.readers.block_wraps import joinings
from tests._table3_truth import assert_printed_slips_only, truth3

DATA = Path(__file__).parent / "data" / "plain_inconsistent"
DUMP = DATA / "000564_pdftotext_plain.txt"


def _tok(value: int, line: int) -> Token:
    return Token(value, NUMBER_STATE, str(value), f"line {line}")


def test_last_label_flow_values_become_the_last_band_first_columns():
    """A row of seven one-value flows, then the last three rows' other five columns as 000564
    prints them (four flows of two rows, four of the last row's one value, the total column
    whole); beside the last label, those three rows' first two columns row by row."""
    row = [[_tok(1, 1 + i)] for i in range(7)]
    split = [[_tok(2, 10 + i), _tok(3, 10 + i)] for i in range(4)] + [[_tok(0, 20 + i)] for i in range(4)]
    total = [[_tok(7, 30), _tok(8, 31), _tok(0, 32)]]
    groups = [*row, *split, *total]
    prev = Segment([], groups, [{i} for i in range(len(groups))], [""] * len(groups))
    last = Segment([_tok(v, 40 + v) for v in (10, 11, 12, 13, 14, 15)])
    out = with_last_beside([[prev, last]])
    assert out[0] == [prev, last]
    [merged] = [x[0] for x in out[1:] if len(x[0].groups) == len(groups) + 2]
    assert [[t.value for t in g] for g in merged.groups[6:10]] == [[1], [10, 12, 14], [11, 13, 15], [2, 3]]
    assert merged.flow_lines[7] == {49, 51, 53} and merged.heads[7] == ""
    # three columns of two rows beside it would need 8 values after the row: no such cut
    assert all(len(x[0].groups) != len(groups) + 3 for x in out[1:])
    # a last segment with flows of its own, or one row's values only, is no such choice
    assert with_last_beside([[prev, Segment(last.beside[:1])]]) == [[prev, Segment(last.beside[:1])]]
    assert with_last_beside([[prev, Segment(last.beside, [[_tok(0, 60)]], [{59}], [""])]])[1:] == []


def test_last_label_among_its_values_takes_the_flows_of_both_label_flows():
    """000714 of the second set: (六)2's `０` a flow of its own, then the last label flow `３４ /
    ２６５ / 四、结转下年度继续办理 / ８` (自然人 of (六)3, 总计, 四), then (六)2's other six values,
    the other columns of the last three rows split (five pairs, five lone values, the total
    column whole): 自然人's flow stands between (六)2's values and the split band."""
    prev = Segment([], [[_tok(0, 10)]], [{10}], [""])
    row = [[_tok(0, 20 + i)] for i in range(6)]
    split = [[_tok(7, 30 + i), _tok(71, 30 + i)] for i in range(5)] + [[_tok(0, 40 + i)] for i in range(5)]
    groups = [*row, *split, [_tok(44, 50), _tok(377, 51), _tok(21, 52)]]
    pause = Breaks(pages=(), text=(13,), headers=())  # the label's line (0-based), between 265 and 8
    last = Segment([_tok(34, 12), _tok(265, 13), _tok(8, 15)], groups, [{i} for i in range(len(groups))],
                   [""] * len(groups), breaks=pause)
    out = with_last_beside([[prev, last]])
    [merged] = [x[0] for x in out[1:]]
    assert [[t.value for t in g] for g in merged.groups[:8]] == [[0], [0], [0], [0], [0], [0], [0], [34, 265, 8]]
    # a last label flow beginning with its label (`（七）总计 / 5 / 四、… / 0`): no such choice
    begun = Breaks(pages=(), text=(10, 13), headers=())
    late = Segment([_tok(5, 12), _tok(0, 15)], groups, last.flow_lines, last.heads, breaks=begun)
    assert with_last_beside([[prev, late]]) == [[prev, late]]


def test_label_flow_whose_rows_tie_joins_its_wrapped_numbers_as_a_flow_does():
    """Values before the only label of a label flow: its rows' counts tie (5 before, 2 after), so
    its wrapped heads join as in a flow of values, each joining one choice among others."""
    text = {0: "三、办理结果", 1: "45", 2: "3", 3: "2,57 142", 4: "5", 5: "四、结转下年度继续办理", 6: "0", 7: "0"}
    beside = [Token(45, NUMBER_STATE, "45", "line 2"), Token(3, NUMBER_STATE, "3", "line 3"),
              Token(257, NUMBER_STATE, "2,57", "line 4"), Token(142, NUMBER_STATE, "142", "line 4"),
              Token(5, NUMBER_STATE, "5", "line 5"), Token(0, NUMBER_STATE, "0", "line 7"),
              Token(0, NUMBER_STATE, "0", "line 8")]
    sets = joinings([Segment(beside)], 6, 0, text, lambda s: s.startswith(("三、", "四、")))
    # a head cut inside its separator (2,57; where separators are printed a plain 142 is none),
    # its tail the first value of the next line of values (5) or of the one after it (0): the
    # identities decide
    assert sorted([t.raw for t in x[0].beside] for x, _ in sets) == [
        ["45", "3", "2,570", "142", "5", "0"], ["45", "3", "2,575", "142", "0", "0"]]
    # where every row holds as many values beside its label, a label flow's rule stands
    assert joinings([Segment(beside)], 6, 0, text, lambda s: False) == []


def test_rendered_report_reads_every_cell_and_fails_only_its_printed_slips():
    report = parse_file(DUMP)
    got = {(c.key, c.sub): c.value for c in report.cells if c.table == "applications" and c.state == "number"}
    assert got == truth3(DATA / "000564_pdftotext_plain.truth.json")
    assert [got[("results_total", a)] for a in codes.APPLICANTS] == [2575, 142, 23, 39, 59, 125, 2963]
    assert [got[("other.other", a)] for a in codes.APPLICANTS] == [45, 3, 0, 0, 1, 3, 52]
    parsed = report.to_dict()
    truth = json.loads((DATA / "000564_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    assert_printed_slips_only(parsed, truth, {("t3_row_total", "denied.third_party_rights"),
                                              ("t3_row_total", "other.fee_unpaid")})

"""Table 3 of plain `pdftotext` with whole rows left blank (ingest/readers/block_blank_rows.py).

Poppler prints nothing for a blank cell: a table whose blank cells fill whole rows prints fewer
values than rows × 7. A row is stated (its values, or blank) only where every placement of the
printed rows that keeps every row total, column sum and the balance gives it the same; the hand-made
tables below know every value by hand, the rendered excerpt's are the generator's truth, copied by hand.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.mapper import map_rows
from ingest.model import Row
from ingest.readers.text_blocks import rebuild

from tests.test_text_blocks import LABELS

EXCERPT = Path(__file__).parent / "data" / "plain_blank_rows" / "000046_table3.txt"


def _flows(rows: list[list[int]]) -> str:
    """The labels, then each printed row as a band of its own: seven flows of one value."""
    flows = [LABELS, *(str(v) for row in rows for v in row)]
    return "\n\n".join(flows) + "\n\n四、政府信息公开行政复议、行政诉讼情况\n"


def _cells(text: str) -> tuple[dict[str, list[tuple[object, str]]], list]:
    """The rebuilt table 3 through the mapper: outcome → [(value, state)] per column."""
    rebuilt = rebuild(text.split("\n"))
    assert rebuilt is not None
    heading = [Row(["三、收到和处理政府信息公开申请情况"], 1)]
    result = map_rows(heading + rebuilt.rows)
    out: dict[str, list[tuple[object, str]]] = {}
    for c in result.cells:
        if c.table == "applications":
            out.setdefault(c.key, []).append((c.value, c.state))
    return out, rebuilt.issues


def _numbers(values: list[int]) -> list[tuple[object, str]]:
    return [(v, "number") for v in values]


BLANK = [(None, "blank")] * 7
MISSING = [(None, "missing")] * 7


def test_first_and_last_rows_read_where_the_results_between_are_not_known():
    """Six rows printed, the others blank: received, carried over, results total and carried
    forward are fixed by the balance and the results' sum; which result rows the two middle
    rows are, nothing printed says (granted and 1.属于国家秘密 here), so every result row stays
    missing."""
    new, carried = [1, 1, 0, 0, 5, 0, 7], [1, 0, 0, 0, 0, 0, 1]
    granted, secret = [1, 1, 0, 0, 3, 0, 5], [1, 0, 0, 0, 1, 0, 2]
    total, forward = [2, 1, 0, 0, 4, 0, 7], [0, 0, 0, 0, 1, 0, 1]
    cells, issues = _cells(_flows([new, carried, granted, secret, total, forward]))
    assert cells["new_received"] == _numbers(new)
    assert cells["carried_over"] == _numbers(carried)
    assert cells["results_total"] == _numbers(total)
    assert cells["carried_forward"] == _numbers(forward)
    for o in codes.RESULT_OUTCOMES:
        assert cells[o] == MISSING, o
    assert [i.code for i in issues] == ["inferred_alignment", "ambiguous_row"]
    assert "1 | 1 | 0 | 0 | 5 | 0 | 7 | 1 | 0" in issues[1].message  # what was printed, flow by flow


# hand-made: 一 = (一) + (三)1 + (五)2 = 总计, 二 = 四 = 0, the other rows 0
FULL = {o: [0] * 7 for o in codes.T3_OUTCOMES} | {
    "new_received": [1, 1, 0, 0, 4, 0, 6],
    "granted": [0, 0, 0, 0, 3, 0, 3],
    "denied.state_secret": [1, 0, 0, 0, 0, 0, 1],
    "not_processed.duplicate": [0, 1, 0, 0, 1, 0, 2],
    "results_total": [1, 1, 0, 0, 4, 0, 6],
}


def test_the_last_row_blank_read_with_every_other_row():
    """Every row printed but 四、结转下年度 (blank): the result rows fill all their outcomes, so
    every row is known, the blank one read blank."""
    table = FULL
    printed = [table[o] for o in codes.T3_OUTCOMES if o != "carried_forward"]
    cells, issues = _cells(_flows(printed))
    assert cells["carried_forward"] == BLANK
    for o in codes.T3_OUTCOMES:
        if o != "carried_forward":
            assert cells[o] == _numbers(table[o]), o
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "read blank (no value printed for them): carried_forward" in issues[0].message


def test_received_and_carried_over_one_of_them_blank_stay_missing():
    """Only one of 一 and 二 printed: the balance counts them alike, so which one is blank the
    identities cannot say; every other row is still read."""
    table = FULL
    printed = [table[o] for o in codes.T3_OUTCOMES if o != "carried_over"]
    cells, issues = _cells(_flows(printed))
    assert cells["new_received"] == MISSING and cells["carried_over"] == MISSING
    assert cells["results_total"] == _numbers(table["results_total"])
    assert cells["not_processed.duplicate"] == _numbers(table["not_processed.duplicate"])
    assert "rows new_received, carried_over left missing" in issues[-1].message


def test_rows_of_zeros_alone_stay_missing():
    """Two rows of zeros: each could be any row, and a row of zeros is a blank row's equal in
    every identity, so no row, not even blank, is stated."""
    rebuilt = rebuild(_flows([[0] * 7, [0] * 7]).split("\n"))
    assert rebuilt is not None and rebuilt.rows == []
    assert [i.code for i in rebuilt.issues] == ["ambiguous_row"]
    assert "rows new_received, carried_over" in rebuilt.issues[0].message


def test_rendered_report_rows_placed_by_the_labels_their_values_stand_beside():
    """A LibreOffice ruled PDF through plain pdftotext, table 3 cut out (generator's report
    000046): each printed row's first four values follow its label in the label flow, the
    six blank rows' labels stand alone; the last three columns come as flows after it."""
    cells, issues = _cells(EXCERPT.read_text(encoding="utf-8"))
    truth = {
        "new_received": [73, 19, 1, 1, 8, 1, 103], "carried_over": [0] * 7,
        "granted": [27, 5, 1, 0, 2, 0, 35], "partially_granted": [4, 0, 0, 0, 1, 0, 5],
        "denied.prohibited_by_law": [0, 0, 0, 0, 1, 0, 1], "denied.internal_affairs": [0] * 7,
        "denied.process_information": [1, 0, 0, 0, 1, 0, 2], "denied.administrative_query": [1, 0, 0, 0, 1, 0, 2],
        "unavailable.not_held": [23, 8, 0, 1, 0, 1, 33], "unavailable.needs_creation": [1, 0, 0, 0, 0, 0, 1],
        "unavailable.unclear_after_correction": [1, 1, 0, 0, 0, 0, 2],
        "not_processed.petition_or_complaint": [2, 1, 0, 0, 0, 0, 3],
        "not_processed.duplicate": [2, 1, 0, 0, 2, 0, 5], "not_processed.excessive_repeated": [1, 0, 0, 0, 0, 0, 1],
        "not_processed.confirm_or_reissue": [1, 0, 0, 0, 0, 0, 1], "other.no_correction": [2, 1, 0, 0, 0, 0, 3],
        "other.fee_unpaid": [0] * 7, "other.other": [7, 2, 0, 0, 0, 0, 9],
        "results_total": [73, 19, 1, 1, 8, 1, 103],
    }
    blank = ["denied.state_secret", "denied.security_stability", "denied.third_party_rights",
             "denied.enforcement_file", "not_processed.publication", "carried_forward"]
    for o, values in truth.items():
        assert cells[o] == _numbers(values), o
    for o in blank:
        assert cells[o] == BLANK, o
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "each row's first values printed beside its label" in issues[0].message


def test_rendered_report_with_a_label_line_lost_stays_missing():
    """The same excerpt with the label 5.属于三类内部事务信息 gone: the labels no longer count
    the table's rows, so the values beside them place nothing, and the identities alone leave
    the result rows open; but for （六）3.其他, printed in one band with the results total (their
    last columns flows of two values) and so the last result outcome (`block_blank_bands`)."""
    text = EXCERPT.read_text(encoding="utf-8").replace("5.属于三类内容事\n", "", 1)
    cells, issues = _cells(text)
    assert cells["other.other"] == _numbers([7, 2, 0, 0, 0, 0, 9])  # the generator's truth
    for o in codes.RESULT_OUTCOMES:
        if o != "other.other":
            assert cells[o] == MISSING, o
    assert "ambiguous_row" in [i.code for i in issues]

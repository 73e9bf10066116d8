"""bench/determinable.py: the cells a rendering that drops blank cells leaves determined."""

import importlib.util
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("determinable", Path(__file__).parents[1] / "bench" / "determinable.py")
determinable = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(determinable)

PROCEEDINGS = ("administrative_review", "litigation_direct", "litigation_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")


def _table4(rows: dict[str, list[int] | None]) -> dict:
    return {("review_litigation", p, o): ((v, "number") if rows[p] is not None else (None, "blank"))
            for p in PROCEEDINGS for o, v in zip(OUTCOMES, rows[p] or [None] * 5)}


def test_a_blank_proceeding_among_zeros_is_undetermined_when_the_value_row_is_printed_as_one():
    # lynx's dump of 000132 (/tmp/rendered1500 lynx): ten zeros, 行政复议 blank; any proceeding may be the blank one
    want = _table4({"administrative_review": None, "litigation_direct": [0] * 5, "litigation_after_review": [0] * 5})
    assert determinable.determinable(want, "one") == {}
    assert determinable.determinable(want, "proceeding") == want


def test_the_totals_decide_where_only_one_placement_holds():
    # 1 2 0 0 3 / 4 0 0 0 4 / 5 5 0 0 10: every cell printed, one placement
    want = _table4({"administrative_review": [1, 2, 0, 0, 3], "litigation_direct": [4, 0, 0, 0, 4],
                    "litigation_after_review": [5, 5, 0, 0, 10]})
    assert determinable.determinable(want, "one") == want
    # 1 0 0 0 1 then five zeros with one proceeding blank: the first five may stand in either of two
    want = _table4({"administrative_review": None, "litigation_direct": [1, 0, 0, 0, 1],
                    "litigation_after_review": [0] * 5})
    got = determinable.determinable(want, "one")
    assert ("review_litigation", "administrative_review", "upheld") not in got
    assert ("review_litigation", "litigation_direct", "upheld") not in got

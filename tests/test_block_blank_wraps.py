"""Table 3 of plain `pdftotext` with whole rows blank: a band's rows but its last print their label
on one line (ingest/readers/block_blank_wraps.py), and a page's rows printed apart from their labels
take only the outcomes whose labels begin on that page (ingest/readers/block_partial_beside.py).

eighth123 and eighth119 under tests/data/plain_blank_rows are rendered reports (generator,
LibreOffice, plain pdftotext; eighth set, seed 21) with the generator's truth."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file
from ingest.readers.block_blank_wraps import wrap_known, wrapped_outcomes

DATA = Path(__file__).parent / "data" / "plain_blank_rows"
OPEN = object()


def _read(name: str) -> tuple[dict, dict, dict]:
    truth = json.loads((DATA / f"{name}_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / f"{name}_pdftotext_plain.txt").to_dict()
    return cells_of(truth), cells_of(parsed), parsed


def test_a_label_cut_by_its_line_wraps_a_whole_one_does_not():
    outcomes = ["denied.state_secret", "denied.prohibited_by_law", "denied.security_stability", "partially_granted",
                "granted"]
    labels = ["1.属于国家秘密", "2.其他法律行政法规禁", "3.危及“三安全一稳", "（二）部分公开（区分处理的，", "（一）予以公开"]
    assert wrapped_outcomes(labels, outcomes) == {"denied.prohibited_by_law", "denied.security_stability",
                                                  "partially_granted"}
    assert wrapped_outcomes(labels[:-1], outcomes) is None  # not one label per outcome


def test_a_band_takes_the_only_outcomes_whose_labels_let_it():
    """Five result outcomes a … e; rows 0-1 print as one band, row 2 alone after it. With a and c
    wrapped the band's first row may take b or d only; at d no outcome is left for row 2, so the
    band is (b, c), a is blank and row 2 takes d or e (both left open)."""
    middle = ("a", "b", "c", "d", "e")
    known = wrap_known(0, 3, (True, False), (True, False), False, False, middle, frozenset({"a", "c"}), OPEN)
    assert known == {"a": None, "b": 0, "c": 1, "d": OPEN, "e": OPEN}
    everything = frozenset({"a", "b", "c", "d"})
    assert wrap_known(0, 3, (True, False), (True, False), False, False, middle, everything, OPEN) is None
    # the band printed row after row in one flow (not column flows): wrapped labels are not weighed
    assert set(wrap_known(0, 3, (True, False), (False, False), False, False, middle, frozenset({"a", "c"}),
                          OPEN).values()) == {OPEN}
    # no label wrapped: the band may stand anywhere before row 2, nothing known
    anywhere = wrap_known(0, 3, (True, False), (True, False), False, False, middle, frozenset(), OPEN)
    assert set(anywhere.values()) == {OPEN}


def test_bands_placed_by_their_wrapped_labels():
    """eighth123: 一 … （二） print as the first band, then between （二） and （六） bands of 1, 2, 4,
    1, 1, 4 and 1 rows (one-value flows, `15 10`, `14 1 33 107` …) for 16 outcomes, two of them
    blank. The 4-row bands' first three labels must be one line: only （三）6-8 + （四）1 and
    （五）1-3 + 4 (`4.无正当理由大量反复` / `申请`); the 2-row band then only （三）4-5 (`3.危及“三安全
    一稳` / `结` / `定”` wraps); （四）2, 3 and （五）5 follow alone. The one-row band before （三）4 may
    take （三）1, 2 or 3: those three stay missing."""
    want, got, parsed = _read("eighth123")
    t3 = {k for k in want if k[0] == "applications"}
    open_rows = {"denied.state_secret", "denied.prohibited_by_law", "denied.security_stability"}
    assert all(got[k] == want[k] for k in t3 if k[1] not in open_rows)
    assert all(got[k][1] == "missing" for k in t3 if k[1] in open_rows)
    assert got[("applications", "denied.third_party_rights", "natural_person")] == (15, "number")
    assert got[("applications", "unavailable.not_held", "total")] == (158, "number")
    assert got[("applications", "not_processed.confirm_or_reissue", "total")] == (7, "number")
    found = next(i for i in parsed["issues"]
                 if i["code"] == "inferred_alignment" and "whole rows blank" in i["message"])
    assert "wrapped over lines" in found["message"]


def test_a_page_apart_from_its_labels_takes_the_outcomes_its_labels_begin():
    """eighth119: page 1's label flow ends at `3.危及“三安全一稳`; its two printed rows come as column
    flows after it. Page 2's label flow prints each row's first value beside its label from
    （三）7 on, （三）4-6's labels standing alone. Page 1's rows take outcomes 一 … （三）3 only, so
    （三）4-6 are blank; which of 一/二 and which of （一） … （三）3 the rows take stays open."""
    want, got, _ = _read("eighth119")
    t3 = {k for k in want if k[0] == "applications"}
    page_one = {"new_received", "carried_over", "granted", "partially_granted", "denied.state_secret",
                "denied.prohibited_by_law", "denied.security_stability"}
    for o in ("denied.third_party_rights", "denied.internal_affairs", "denied.process_information"):
        assert got[("applications", o, "total")] == (None, "blank")
    assert all(got[k] == want[k] for k in t3 if k[1] not in page_one)
    assert all(got[k][1] == "missing" for k in t3 if k[1] in page_one)

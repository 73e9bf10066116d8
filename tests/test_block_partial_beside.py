"""Table 3 of plain `pdftotext` with whole rows blank where only the second page prints its
rows' first value beside their labels (ingest/readers/block_partial_beside.py).

fifth072 under tests/data/plain_blank_rows is a rendered report (generator, LibreOffice, plain
pdftotext) with the generator's truth. Page 1's label flow holds no value: its three printed rows
come as column flows after it, and six placements among received … 2.其他法律行政法规禁止公开
keep every identity, so those six rows stay missing. Page 2's label flow holds each printed
row's first value beside its label (a blank row's label alone): those 19 rows are read. Before,
the reader gave up on the whole table (only the results total and carried forward were read)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file

DATA = Path(__file__).parent / "data" / "plain_blank_rows"
PAGE_ONE = ["new_received", "carried_over", "granted", "partially_granted", "denied.state_secret",
            "denied.prohibited_by_law"]


def test_rows_beside_their_labels_read_and_the_ambiguous_page_left_missing():
    truth = json.loads((DATA / "fifth072_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "fifth072_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    t3 = {k for k in want if k[0] == "applications"}
    page_two = {k for k in t3 if k[1] not in PAGE_ONE}
    assert len(page_two) == 19 * 7
    assert all(got[k] == want[k] for k in page_two)
    assert got[("applications", "unavailable.not_held", "natural_person")] == (3, "number")
    assert got[("applications", "denied.third_party_rights", "total")] == (None, "blank")
    assert got[("applications", "results_total", "natural_person")] == (11, "number")
    assert got[("applications", "results_total", "total")] == (18, "number")
    assert all(got[k][1] == "missing" for k in t3 - page_two)
    missing = next(i for i in parsed["issues"] if i["code"] == "ambiguous_row")
    assert f"rows {', '.join(PAGE_ONE)} left missing" in missing["message"]


def test_too_many_placements_weighed_by_the_outcomes_the_identities_weigh_one_by_one():
    """fifth101: rows 一, 二 and （一）予以公开 print their first four values beside their labels (page
    1's first segment); the seven other printed rows come as flows after the labels and lie, in
    order, among the 22 outcomes after （一）: 170,544 placements, past the cap. Only which of them
    take 结转下年度 and 总计 matters to the identities, so four tables a reading are weighed:
    （一） is read by its label, the results total and carried forward by the identities. Since
    stop 19 a page's rows take only the outcomes whose labels begin on that page's label flow
    (between the values before it and its own): page 2's labels begin at （四）1, so （二） … （三）8
    are blank (their labels on page 1 stand alone); the result rows from （四）1 on stay missing
    (4 rows among 10 outcomes)."""
    truth = json.loads((DATA / "fifth101_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "fifth101_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    page_one_blank = ["partially_granted", "denied.state_secret", "denied.prohibited_by_law",
                      "denied.security_stability", "denied.third_party_rights", "denied.internal_affairs",
                      "denied.process_information", "denied.enforcement_file", "denied.administrative_query"]
    read = {"new_received", "carried_over", "granted", "other.other", "results_total", "carried_forward",
            *page_one_blank}
    t3 = {k for k in want if k[0] == "applications"}
    assert all(got[k] == want[k] for k in t3 if k[1] in read)
    assert all(got[("applications", o, "total")] == (None, "blank") for o in page_one_blank)
    assert got[("applications", "granted", "commercial_enterprise")] == (1, "number")
    assert got[("applications", "granted", "total")] == (1, "number")
    assert got[("applications", "results_total", "total")] == (2, "number")
    assert all(got[k][1] == "missing" for k in t3 if k[1] not in read)

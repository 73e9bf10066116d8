"""Plain `pdftotext`'s table 3, observed models of poppler (and LibreOffice's wraps) added at
stop 19 (docs/decisions.md): a page's top-right corner printed after the page's footer
(ingest/readers/block_footer_band.py), 自然人's column never among a first band's leading run of
headed flows (ingest/readers/block_head_order.py `natural_first`), and a number wrapped inside
its thousands separator with one digit of its group left (block_page_wraps.py `completes`).

The texts under tests/data/plain_eighth/ are plain-pdftotext dumps of generated reports
(the eighth plain set, seed 21), each with the generator's truth beside it:
- corner_after_footer: report 000065. The header row breaks over a page; on the rows' page the
  first band's left columns come after the labels (`0 0 0 0`, `1 0 0 0`, `0 0 0 0`, `组织 /
  0 0 0 0`), then every later band, then the footer `-2-`, then `机构 / 0 0 0 0`, `0 0 0 0`,
  `1 0 0 0`: the band's last three columns. Before, no placement held (0 of 175 cells).
- corner_blank_last_row: report 000035 of the fourth plain set (seed 17): the same corner after
  the footer, 结转 blank, 总计's other six values among table 4's flows with three of table 4's
  zeros (84 choices of six flows: over the 60 weighed before; each now first tested for its row
  total, `block_blank_completions._totals_may_hold`).
- natural_first: report 000082. Under the header `法律服务机构 / 0 0 0 0`, `其他` then
  `0 0 0 0`, `社会公益组织 / 0 0 0 0`, then `1 0 0 1`, `0 0 0 0`, `0 0 0 0`, `1 0 0 1`. Every
  value is 0 but 自然人's and 总计's 1s (new_received, partially_granted, results_total), so
  the identities hold wherever the 1s go, as long as they share a column: before, three
  placements (the 1s under 自然人, 商业企业 or 科研机构) left those three rows missing.
- wrapped_short_head: report 000142. Numbers wrapped inside their thousands separator with a
  one-digit group left: `1,3` over `12` (1,312, beside its label), `1,5` / `27`, `1,1` / `88`,
  `1,3` / `89`. The tail has as many digits as the head's, which the wrap model took for no
  tail (ingest/readers/block_page_wraps.py `completes`): 179 values, nothing read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_head_order import natural_first
from ingest.readers.block_page_wraps import completes
from tests._table3_truth import table3, truth3
from tests.test_block_regroup import _row

DATA = Path(__file__).parent / "data" / "plain_eighth"


def _finding(path: Path) -> str:
    return " | ".join(i.message for i in parse_file(path).issues
                      if i.code == "inferred_alignment" and i.message.startswith("table 3"))


@pytest.mark.parametrize(("name", "rows", "said"), [
    ("corner_after_footer", {"new_received": [0, 1, 0, 0, 0, 0, 1],
                             "denied.administrative_query": [0, 1, 0, 0, 0, 0, 1],
                             "results_total": [0, 1, 0, 0, 0, 0, 1]}, "25 of 25 rows"),
    ("corner_blank_last_row", {"new_received": [345, 25, 2, 6, 5, 6, 389],
                               "results_total": [345, 29, 3, 6, 5, 6, 394]}, "read blank"),
    ("natural_first", {"new_received": [1, 0, 0, 0, 0, 0, 1], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
                       "results_total": [1, 0, 0, 0, 0, 0, 1]}, "(1 such placements)"),
    ("wrapped_short_head", {"new_received": [1312, 101, 6, 12, 34, 62, 1527],
                            "results_total": [1188, 94, 5, 10, 32, 60, 1389]},
     "1,3 (line 70) + 12 (line 73) read 1,312"),
])
def test_table3_read_every_cell(name: str, rows: dict[str, list[int]], said: str):
    got = table3(DATA / f"{name}.txt")  # number cells; the truth's blank cells are tested apart
    assert got == {k: v for k, v in truth3(DATA / f"{name}.truth.json").items() if v is not None}
    for outcome, values in rows.items():
        assert _row(got, outcome) == values
    assert said in _finding(DATA / f"{name}.txt")


def test_corner_blank_last_row_reads_its_blanks_and_table_4():
    got = parse_file(DATA / "corner_blank_last_row.txt").to_dict()
    truth = json.loads((DATA / "corner_blank_last_row.truth.json").read_text(encoding="utf-8"))
    blank = {c["applicant"] for c in got["applications"] if c["outcome"] == "carried_forward" and c["state"] == "blank"}
    assert len(blank) == 7
    want = {(c["proceeding"], c["outcome"]): (c["value"], c["state"]) for c in truth["review_litigation"]}
    read = {(c["proceeding"], c["outcome"]): (c["value"], c["state"]) for c in got["review_litigation"]}
    assert want[("administrative_review", "total")] == (None, "blank")
    # 行政复议's value-less header flow meets table 3's values right after: blank or a vanished `-`
    # row (`table4_vanished`), so it stays missing; the other proceedings read their truth
    assert {k: v for k, v in read.items() if k[0] == "administrative_review"} == {
        k: (None, "missing") for k in want if k[0] == "administrative_review"}
    assert {k: v for k, v in read.items() if k[0] != "administrative_review"} == {
        k: v for k, v in want.items() if k[0] != "administrative_review"}


def test_natural_first_only_binds_a_leading_run_of_headed_flows():
    headed_run = [False, False, False, True, True, True, True]
    assert natural_first((3, 0, 1, 2, 4, 5, 6), headed_run, 7)
    assert natural_first((2, 3, 1, 0, 4, 5, 6), headed_run, 7) is False  # a headed flow under 自然人
    assert natural_first((0, 3, 1, 2, 4, 5, 6), headed_run, 7) is False
    one_headed = [False, True, True, True, True, True, True]  # the first flow only: no rule
    assert natural_first((1, 0, 2, 3, 4, 5, 6), one_headed, 7)
    assert natural_first((0, 2, 1), [False, False, True], 7)  # flows holding several columns: no rule


def _t(raw: str) -> Token:
    return Token(None, "number", raw, "line 1")


def test_completes_cut_heads_by_their_group_only():
    def digits(t: Token) -> str:
        return t.raw.replace(",", "")

    def cut(head: str) -> bool:
        return "," in head

    assert completes(_t("1,3"), _t("12"), digits, cut)  # 1,312: as many digits as the head
    assert not completes(_t("1,3"), _t("1"), digits, cut)  # 1,31 is no number
    assert completes(_t("2,57"), _t("3"), digits, cut)
    assert not completes(_t("2,57"), _t("30"), digits, cut)
    assert completes(_t("190"), _t("2"), digits, cut)  # uncut: fewer digits than the head
    assert not completes(_t("190"), _t("200"), digits, cut)

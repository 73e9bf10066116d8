"""Plain `pdftotext`'s table 3, two observed models of poppler added at stop 19
(docs/decisions.md): a page's top-right corner printed after the page's footer
(ingest/readers/block_footer_band.py), and 自然人's column never among a first band's leading
run of headed flows (ingest/readers/block_head_order.py `natural_first`).

The texts under tests/data/plain_footer_band/ are plain-pdftotext dumps of generated reports
(the eighth plain set, seed 21), each with the generator's truth beside it:
- corner_after_footer: report 000065. The header row breaks over a page; on the rows' page the
  first band's left columns come after the labels (`0 0 0 0`, `1 0 0 0`, `0 0 0 0`, `组织 /
  0 0 0 0`), then every later band, then the footer `-2-`, then `机构 / 0 0 0 0`, `0 0 0 0`,
  `1 0 0 0`: the band's last three columns. Before, no placement held (0 of 175 cells).
- natural_first: report 000082. Under the header `法律服务机构 / 0 0 0 0`, `其他` then
  `0 0 0 0`, `社会公益组织 / 0 0 0 0`, then `1 0 0 1`, `0 0 0 0`, `0 0 0 0`, `1 0 0 1`. Every
  value is 0 but 自然人's and 总计's 1s (new_received, partially_granted, results_total), so
  the identities hold wherever the 1s go, as long as they share a column: before, three
  placements (the 1s under 自然人, 商业企业 or 科研机构) left those three rows missing.
"""

from __future__ import annotations

from pathlib import Path

from ingest.parse import parse_file
from ingest.readers.block_head_order import natural_first
from tests._table3_truth import table3, truth3
from tests.test_block_regroup import _row

DATA = Path(__file__).parent / "data" / "plain_footer_band"


def _finding(path: Path) -> str:
    [finding] = [i.message for i in parse_file(path).issues
                 if i.code == "inferred_alignment" and i.message.startswith("table 3")]
    return finding


def test_corner_after_the_page_footer_read_every_cell():
    got = table3(DATA / "corner_after_footer.txt")
    assert got == truth3(DATA / "corner_after_footer.truth.json")
    assert _row(got, "new_received") == [0, 1, 0, 0, 0, 0, 1]
    assert _row(got, "denied.administrative_query") == [0, 1, 0, 0, 0, 0, 1]
    assert _row(got, "results_total") == [0, 1, 0, 0, 0, 0, 1]
    assert "25 of 25 rows" in _finding(DATA / "corner_after_footer.txt")


def test_natural_person_is_the_first_unheaded_flow():
    got = table3(DATA / "natural_first.txt")
    assert got == truth3(DATA / "natural_first.truth.json")
    assert _row(got, "new_received") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(got, "partially_granted") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(got, "results_total") == [1, 0, 0, 0, 0, 0, 1]
    assert "(1 such placements)" in _finding(DATA / "natural_first.txt")


def test_natural_first_only_binds_a_leading_run_of_headed_flows():
    headed_run = [False, False, False, True, True, True, True]
    assert natural_first((3, 0, 1, 2, 4, 5, 6), headed_run, 7)
    assert natural_first((2, 3, 1, 0, 4, 5, 6), headed_run, 7) is False  # a headed flow under 自然人
    assert natural_first((0, 3, 1, 2, 4, 5, 6), headed_run, 7) is False
    one_headed = [False, True, True, True, True, True, True]  # the first flow only: no rule
    assert natural_first((1, 0, 2, 3, 4, 5, 6), one_headed, 7)
    assert natural_first((0, 2, 1), [False, False, True], 7)  # flows holding several columns: no rule

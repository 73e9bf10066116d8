"""Table 3 of plain `pdftotext` whose first band is split over a page break, its last columns
printed after the next page's footer, after the page's other bands
(ingest/readers/block_first_tail.py).

tests/data/plain_first_tail holds 000057 of the fresh rendered set (seed 40; first_tail) with
the generator's truth: under the header `4 0 1 0`, `1 0 1 0`, `0 0 0 0`, `组织 / 0 0 0 0` (rows 1-4
of 自然人 … 社会公益组织), then the bands of rows 5-23, the footer `-2-`, then `机构 / 0 0 0 0`,
`0 0 0 0`, `5 0 2 0` (法律服务机构, 其他, 总计 of rows 1-4), then the last two rows' labels.
"""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.block_first_tail import first_tail
from ingest.readers.block_segments import Breaks, Segment
from ingest.states import NUMBER
from tests._table3_truth import parsed_and_truth, table_cells

DATA = Path(__file__).parent / "data" / "plain_first_tail"


def _segment(flows: list[list[int]], footer: int | None) -> Segment:
    """Flows of values, the k-th on lines 10k.., a page footer on line `footer`."""
    groups = [[Token(v, NUMBER, str(v), f"line {10 * k + i + 1}") for i, v in enumerate(f)] for k, f in enumerate(flows)]
    return Segment([], groups, [{10 * k + i for i in range(len(f))} for k, f in enumerate(flows)], [""] * len(flows),
                   breaks=Breaks((), (), (), () if footer is None else (footer,)))


def test_the_first_bands_last_flows_after_a_footer_move_beside_its_first():
    band = [[1, 2], [3, 4], [5, 6], [7, 8]]  # the first band's first four columns
    body = [[0]] * 7  # a band of one row
    tail = [[9, 9], [8, 8], [7, 7]]  # its last three, after the footer on line 105
    seg = _segment([*band, *body, *tail], footer=105)
    moved = first_tail([seg])
    assert moved is not None
    assert [[t.value for t in g] for g in moved[0].groups] == [*band, *tail, *body]
    assert first_tail([_segment([*band, *body, *tail], footer=None)]) is None  # no page break before them
    assert first_tail([_segment([*band, [1], *body[1:], *tail], footer=48)]) is None  # the break among the body


def test_rendered_report_reads_every_cell_of_table_3():
    truth, parsed = parsed_and_truth(DATA, "first_tail")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")

"""Table 3 of plain `pdftotext` whose header cells spill their last characters onto the page the
rows begin on (ingest/readers/block_spilled.py).

The rendered report is second-set 000658 (generator seed 16 through LibreOffice and plain
pdftotext, injected t3_results_sum), copied with the generator's truth: the header ends on page
1 (`商业 科研 社会 法律 其他` / `企业 机构 公` / `服` / `益组 务机`), page 2 prints `织` before 一's
社会公益组织 value and `构` / `1`, `0`, `4` (一's 法律服务机构, 其他, 总计) after the page's
last band."""

from __future__ import annotations

import json
from pathlib import Path

from ingest import codes
from ingest.accuracy import cells_of
from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.parse import parse_file
from ingest.readers.block_segments import Segment
from ingest.readers.block_spilled import _fragment, with_spilled_row
from tests._table3_truth import assert_printed_slips_only

DATA = Path(__file__).parent / "data" / "plain_inconsistent"


def _flow(*values: int) -> list[Token]:
    return [Token(v, NUMBER_STATE, str(v), "line 1") for v in values]


def _segment(heads: list[str], groups: list[list[Token]]) -> Segment:
    return Segment([], groups, [{i} for i in range(len(groups))], heads)


def test_a_fragment_is_the_end_of_a_column_header_not_a_whole_one():
    assert _fragment("构") and _fragment("织") and _fragment("机构")
    assert not _fragment("法律服务机构")  # a whole header cell names its column (block_headers)
    assert not _fragment("总计") and not _fragment("") and not _fragment("量")


def test_the_spilled_flows_are_weighed_at_each_place_among_the_first_one_value_flows():
    groups = [_flow(3), _flow(0), _flow(5, 6), _flow(1), _flow(4)]
    segments = [_segment(["", "", "", "构", ""], groups)]
    out = with_spilled_row([segments])
    assert out[0] is segments
    assert [[g[0].value for g in x[0].groups] for x in out[1:]] == [[1, 4, 3, 0, 5], [3, 1, 4, 0, 5],
                                                                    [3, 0, 1, 4, 5]]
    # a segment that ends otherwise (a flow of two values last, or a whole header) has no other choice
    assert with_spilled_row([[_segment(["", "", "", "构", ""], [*groups[:4], _flow(4, 4)])]]) == \
        [[_segment(["", "", "", "构", ""], [*groups[:4], _flow(4, 4)])]]
    assert len(with_spilled_row([[_segment(["", "", "", "总计", ""], groups)]])) == 1


def test_rendered_report_with_a_spilled_header_reads_every_cell():
    truth = json.loads((DATA / "000658_second_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "000658_second_plain.txt").to_dict()
    want = {k: v for k, v in cells_of(truth).items() if k[0] == "applications"}
    got = {k: v for k, v in cells_of(parsed).items() if k[0] == "applications"}
    assert len(want) == 175 and got == want
    assert [got[("applications", "new_received", a)][0] for a in codes.APPLICANTS] == [3, 0, 0, 0, 1, 0, 4]
    assert_printed_slips_only(parsed, truth, {("t3_results_sum", "social_welfare_org"), ("t3_results_sum", "total")})

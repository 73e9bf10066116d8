"""Table 3 of plain `pdftotext`: a flow under the applicants' header printed in one piece begins
in the first column (ingest/readers/block_headers.py `_under_whole_header`).

Hand-made after poppler's printing of corpus documents 000998 and 001180: 一 = (一) = 总计 =
[5, 0, 0, 0, 0, 0, 5], every other cell 0. The header's flow holds columns 1-4 row by row, then
`法律 / 服务 / 机构` heads column 5's flow, 其他's header stands apart from column 6's values
(as poppler printed it there), and 总计's band starts a page. Column 5's or 6's flow moved in
front of the header's (the header's values one or two columns right) gives tables whose every
identity holds too; only the header's first column decides."""

from __future__ import annotations

from ingest import codes
from ingest.readers.block_headers import _under_whole_header
from tests.test_text_blocks import BANDS, PAGE_BREAK, ZERO, _read, _text

FIVE = [5, 0, 0, 0, 0, 0, 5]
TABLE = dict.fromkeys(codes.T3_OUTCOMES, ZERO) | {"new_received": FIVE, "granted": FIVE, "results_total": FIVE}
HEADER = "申请人情况\n自然 法人或其他组织\n人\n商业 科研 社会\n企业 机构 公益\n组织\n"


def _headed(header: str) -> str:
    rows = [TABLE[o] for o in codes.T3_OUTCOMES][:4]
    first = (header + "\n".join(str(v) for r in rows for v in r[:4]),
             "法律\n服务\n机构\n" + "\n".join(str(r[4]) for r in rows),
             "其他",
             "\n".join(str(r[5]) for r in rows),
             "\n".join(str(r[6]) for r in rows))
    return _text(TABLE, BANDS[1:], first, {len(BANDS) - 2: PAGE_BREAK})


def test_header_printed_in_one_piece_names_the_first_column():
    assert _under_whole_header("申请人情况自然 法人或其他组织人商业 科研 社会企业 机构 公益组织")
    assert _under_whole_header("申请人情况自然人")
    assert not _under_whole_header("法律服务机构")
    assert not _under_whole_header("申请人情况法人或其他组织商业企业")  # 自然人's cell not in it
    assert not _under_whole_header("")


def test_values_under_the_whole_header_begin_in_the_first_column():
    rows, issues = _read(_headed(HEADER))
    assert len(rows) == 25
    for label in ("本年新收政府信息公开申请数量", "予以公开", "总计"):
        assert rows[label] == FIVE
    assert rows["上年结转政府信息公开申请数量"] == ZERO and rows["结转下年度继续办理"] == ZERO
    assert [i.code for i in issues] == ["inferred_alignment"]


def test_without_the_header_in_the_values_flow_the_rows_stay_missing():
    """The header printed as a flow of its own: nothing says where the first flow's values begin."""
    rows, issues = _read(_headed(HEADER + "\n"))
    assert "本年新收政府信息公开申请数量" not in rows and "予以公开" not in rows and "总计" not in rows
    assert len(rows) == 22
    ambiguous = [i for i in issues if i.code == "ambiguous_row"]
    assert len(ambiguous) == 1 and "new_received, granted, results_total left missing" in ambiguous[0].message

"""A wrapped applicant header's last lines at the top of its values' flow (plain `pdftotext`,
ingest/readers/block_header_tails.py).

tests/data/plain_header_tails/wrapped_tails is report 000025 of a rendered set (the corpus
generator's LibreOffice ruled PDF through plain pdftotext, seed 18) with the generator's truth.
The 自然人 column stands beside the labels; past the page footer the other columns of the first
four rows come as flows `机构 0 0 0 0`, `公益 组织 0 0 0 0`, `服务 机构 0 0 0 0`, then
`1 1 2 0` (商业企业, printed after them), `1 0 0 0`, `5 2 4 0`. The row totals, column sums and
balance hold with `1 1 2 0` in any of the four middle columns (the zero flows change places):
only the header tails tell them apart (公益组织: 社会公益组织; 服务机构: 法律服务机构; 机构, then,
科研机构).
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.readers.block_header_tails import head_columns
from ingest.readers.block_headers import header_column
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_header_tails"
COL = {a: i for i, a in enumerate(codes.APPLICANTS)}


def _columns(*heads: str) -> list[int | None]:
    return head_columns(heads, [header_column(h) for h in heads])


def test_a_wrapped_label_s_last_lines_name_its_column():
    assert _columns("公益组织", "服务机构", "企业") == [COL["social_welfare_org"], COL["legal_service_org"],
                                                   COL["commercial_enterprise"]]
    assert _columns("公益\n组织") == [COL["social_welfare_org"]]
    assert _columns("总计", "科研机构") == [COL["total"], COL["research_institution"]]  # whole labels


def test_a_tail_two_labels_end_with_names_the_one_no_other_flow_names():
    assert _columns("机构", "公益组织", "服务机构") == [COL["research_institution"], COL["social_welfare_org"],
                                                   COL["legal_service_org"]]
    assert _columns("机构", "法律服务机构") == [COL["research_institution"], COL["legal_service_org"]]
    assert _columns("机构") == [None]  # 科研机构 or 法律服务机构
    assert _columns("机构", "机构") == [None, None]


def test_a_tail_of_a_group_header_or_one_character_names_nothing():
    assert _columns("组织") == [None]  # 社会公益组织, but also 法人或其他组织 over every legal person column
    assert _columns("人") == [None]
    assert _columns("", "计划") == [None, None]


def test_rendered_report_with_header_tails_reads_every_cell():
    got = table3(DATA / "wrapped_tails.txt")
    assert got == truth3(DATA / "wrapped_tails.truth.json")
    assert [got[("new_received", a)] for a in codes.APPLICANTS] == [3, 1, 0, 0, 0, 1, 5]
    assert [got[("granted", a)] for a in codes.APPLICANTS] == [2, 2, 0, 0, 0, 0, 4]
    assert [got[("results_total", a)] for a in codes.APPLICANTS] == [4, 2, 0, 0, 0, 1, 7]

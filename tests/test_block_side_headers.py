"""Table 3's applicant header cells printed side by side after the group header name their
columns (`block_side_headers`, stop 20, branch h/p20e): seed-59 000142's `商业 科研 社会 / 企业 机构
公益 / 组织` flow over `4 / 1 / 1 / 0 / 0 / 0 / …`; of its two band placements keeping every
identity, the one that permutes those columns (new_received 1 4 1) is set aside, and table 3
reads whole as its truth."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_side_headers import in_column_order, side_by_side_columns
from ingest.states import NUMBER

DATA = Path(__file__).parent / "data" / "plain_side_headers"


def test_side_by_side_header_names_its_columns():
    assert side_by_side_columns("法人或其他组织商业 科研 社会企业 机构 公益组织") == (1, 2, 3)
    assert side_by_side_columns("法律服务机构") is None
    assert side_by_side_columns("法人或其他组织") is None
    assert side_by_side_columns("法人或其他组织商业 科研企业 机构") == (1, 2)


def _t(v: int) -> Token:
    return Token(v, NUMBER, str(v), "line 1")


def test_each_row_left_to_right_in_the_named_columns():
    a, b, c = _t(4), _t(1), _t(1)
    flow = (id(a), id(b), id(c))
    good = [[_t(22), a, b, c, _t(0), _t(0), _t(28)]]
    permuted = [[_t(22), b, a, c, _t(0), _t(0), _t(28)]]
    where = lambda rows: {id(t): (r, k) for r, row in enumerate(rows) for k, t in enumerate(row)}
    assert in_column_order(good, flow, (1, 2, 3), where(good))
    assert not in_column_order(permuted, flow, (1, 2, 3), where(permuted))
    elsewhere = [[_t(22), _t(0), b, c, a, _t(0), _t(28)]]
    assert not in_column_order(elsewhere, flow, (1, 2, 3), where(elsewhere))


def test_table3_reads_its_truth():
    path = DATA / "seed59_000142_pdftotext_plain.txt"
    truth = json.loads(path.with_name(path.name.removesuffix(".txt") + ".truth.json").read_text(encoding="utf-8"))
    want = {(c["outcome"], c["applicant"]): (c["value"], c["state"]) for c in truth["applications"]}
    got = {(c.key, c.sub): (c.value, c.state) for c in parse_file(path).cells if c.table == "applications"}
    assert {k: got.get(k) for k in want} == want

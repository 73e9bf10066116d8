"""Plain `pdftotext`: a table-2 row with no values whose label line another line follows in its
flow is not read blank (`ingest.readers.text.joinable`, `SourceDoc.joinable`): a lone `-` there
leaves no trace, poppler joining a line ending in a hyphen to the next. Seed 58's 000104 prints
`行政许可` then `其他对外管理服务事项 0`; its truth: 行政许可's three cells `-` (read blank before)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.parse import parse_file
from ingest.readers.text import joinable
from ingest.states import MISSING, NOT_APPLICABLE

DATA = Path(__file__).parent / "data" / "plain_joinable"


def test_a_value_less_row_followed_in_its_flow_is_missing_not_blank():
    path = DATA / "pool58_000104_pdftotext_plain.txt"
    truth = json.loads(path.with_name("pool58_000104_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    want = {c["measure"]: c["state"] for c in truth["proactive"] if c["item"] == "administrative_license"}
    assert set(want.values()) == {NOT_APPLICABLE}
    report = parse_file(path)
    got = {c.sub: c.state for c in report.cells if c.table == "proactive" and c.key == "administrative_license"}
    assert set(got.values()) == {MISSING} and len(got) == len(want)
    assert any(i.code == "unplaced_row" and "行政许可" in i.message and "`-`" in i.message for i in report.issues)


def test_joinable_lines_are_those_another_line_follows():
    assert joinable(["行政许可", "其他对外管理服务事项 0", "", "规章", "", "-"]) == frozenset({1})

"""Plain `pdftotext` in full-width digits: neighbouring values joined on lines of their own
(`９９ １３ １１ ７`) are not space-aligned text (ingest/readers/text.py `_layout`).

tests/data/plain_fullwidth/joined_values.txt is report 000001 of the seventh plain set
(/tmp/s18/seventh, seed 20), with the generator's truth beside it: 26 of its 352 lines hold
values one space apart, 24 of them values alone. Taken for space-aligned text, the document
read nothing at all (`unreadable.not_a_report`); read one cell a line, table 2's columns are
read from their flows.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.parse import parse_file
from ingest.readers.text import _layout

DATA = Path(__file__).parent / "data" / "plain_fullwidth"


def _truth2(path: Path) -> dict[tuple[str, str], int | None]:
    return {(c["item"], c["measure"]): c["value"] for c in json.loads(path.read_text("utf-8"))["proactive"]}


def test_values_joined_alone_on_lines_are_plain_pdftotext():
    lines = (DATA / "joined_values.txt").read_text("utf-8").replace("\x0c", "\n").split("\n")
    assert _layout(lines) == "lines"


def test_space_aligned_values_beside_their_labels_stay_space_aligned():
    # lynx-like: most lines of values carry their label, so the share of bare value lines is low
    rows = [f"{label} 1 2 3" for label in ("规章", "行政规范性文件", "行政许可", "行政处罚")]
    assert _layout(["二、主动公开政府信息情况", *rows, "０ ０ ０", "说明"]) == "spaces"


def test_table2_is_read_from_its_column_flows():
    report = parse_file(DATA / "joined_values.txt")
    truth = _truth2(DATA / "joined_values.truth.json")
    got = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}
    for key in [("regulation", m) for m in ("issued", "repealed", "in_force")] + [
            ("normative_document", m) for m in ("issued", "repealed", "in_force")] + [
            ("administrative_license", "decisions")]:
        assert got[key] == (truth[key], "number"), key
    assert truth[("normative_document", "in_force")] == 41
    # `０ / ０` printed after the fee's label and before its header, for three cells (行政处罚,
    # 行政强制 under one header, the fee under its own): no placement is known, so none is read
    for key in [("administrative_penalty", "decisions"), ("administrative_coercion", "decisions"),
                ("administrative_fee", "amount_10k_yuan")]:
        assert got[key][1] == "missing", key
    assert not any(i.code == "unreadable.not_a_report" for i in report.issues)

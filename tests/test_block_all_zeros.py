"""Plain `pdftotext`'s tables 3 and 4 printed as zeros only, one value a cell, where the block
rules place none of them (stop 19, h/fresh41, ingest/readers/block_all_zeros.py).

tests/data/plain_all_zeros/fresh41_000041 is report 000041 of a rendered set (the corpus
generator's LibreOffice ruled PDF through plain pdftotext, seed 41) with the generator's truth:
table 3's first rows as column blocks on page 1, the next page's repeated header with row 7's
first four columns, then the first column beside the labels, the other columns among table 4's
flows and past section 五's heading; table 2's `现行有效件数 / 0 / 40` inside table 3's stretch.
190 zeros between table 3's heading and section 六's: every cell of both tables is 0."""

from __future__ import annotations

from pathlib import Path

from ingest.parse import parse_file
from tests._table3_truth import parsed_and_truth, table_cells

DATA = Path(__file__).parent / "data" / "plain_all_zeros"
NAME = "fresh41_000041_pdftotext_plain"


def test_every_cell_of_tables_3_and_4_read_as_the_truth():
    truth, parsed = parsed_and_truth(DATA, NAME)
    for table in ("applications", "review_litigation"):
        assert table_cells(parsed, table) == table_cells(truth, table)
    assert {c["value"] for c in truth["applications"] + truth["review_litigation"]} == {0}
    assert any("190 values, every one 0" in i["message"] for i in parsed["issues"])
    assert table_cells(parsed, "proactive") == table_cells(truth, "proactive")  # table 2's 0 / 40 left to it


def _read_cells(tmp_path: Path, text: str) -> dict:
    path = tmp_path / f"{NAME}.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_file(path)
    return {(c.table, c.key, c.sub): c.value for c in report.cells
            if c.table in ("applications", "review_litigation") and c.state == "number"}


def test_one_value_more_or_less_or_not_zero_reads_nothing(tmp_path: Path):
    lines = (DATA / f"{NAME}.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("申请人情况") + 6  # the first of table 3's value lines on page 1
    assert lines[at] == "0" and lines[at + 1] == "0"
    for changed in ([*lines[:at], "1", *lines[at + 1:]],  # a value not 0
                    [*lines[:at], *lines[at + 1:]],  # one value fewer: a cell blank
                    [*lines[:at], "0", *lines[at:]]):  # one more
        assert not _read_cells(tmp_path, "\n".join(changed))  # no cell of tables 3 or 4 stated


BESIDE = "s55_000047_pdftotext_plain"  # seed 55's 000047: page 2's first column beside its rows' labels


def test_zeros_beside_the_row_labels_count_as_cells():
    truth, parsed = parsed_and_truth(DATA, BESIDE)
    for table in ("applications", "review_litigation"):
        assert table_cells(parsed, table) == table_cells(truth, table)
    assert {c["value"] for c in truth["applications"] + truth["review_litigation"]} == {0}
    assert any("190 values, every one 0" in i["message"] for i in parsed["issues"])


def test_a_value_beside_a_label_not_zero_or_gone_reads_nothing(tmp_path: Path):
    lines = (DATA / f"{BESIDE}.txt").read_text(encoding="utf-8").split("\n")
    at = next(i for i, s in enumerate(lines) if s.startswith("4. 保护第三方合法权"))
    assert lines[at].endswith(" 0")
    for changed in ([*lines[:at], lines[at][:-1] + "1", *lines[at + 1:]],  # not 0
                    [*lines[:at], lines[at][:-2], *lines[at + 1:]]):  # the beside value gone: a cell blank
        assert not _read_cells(tmp_path, "\n".join(changed))

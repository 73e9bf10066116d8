"""Table 2 of plain `pdftotext`: a sub-table whose column header has nothing under it.

Observed model of poppler (docs/decisions.md, stop 19): a cell's lone `-` vanishes only where
another line follows it in its flow (poppler joins a line ending in a hyphen to the next);
under a column header of its own, the last line of its flow, it is printed (`本年收费金额（单位：
万元） / -`), as every other not-applicable mark is (`／`, `—`, `无`). So a one-column sub-table
whose items are printed alone before its header, on the header's page, whose header ends its
flow with nothing under it, holds blank cells, where table 2 prints no value or mark that is
not placed: no run of values under no header and beside no label, no mark in a flow of its own
or beside one of the sub-table's items. A header followed in its flow by another line (the next
sub-table's header or label) leaves blank and `-` alike without a trace: not read.
"""

from __future__ import annotations

from ingest.model import Issue, Row
from ingest.normalize import NOT_APPLICABLE, nfkc, parse_value
from ingest.readers.text_blocks import Rebuilt
from ingest.readers.text_blocks_table2_pages import page_of


def mark_line(lines: list[str], i: int) -> bool:
    """A line holding one not-applicable mark (`-`, `／`, `—`, `无`)."""
    if i >= len(lines):
        return False
    parsed = parse_value(nfkc(lines[i]).strip())
    return parsed is not None and parsed[1] == NOT_APPLICABLE


def loose_mark(lines: list[str], start: int, end: int) -> bool:
    """A mark in table 2's lines [start, end) that opens a flow (a blank line before it)."""
    return any(not lines[i - 1].strip() and mark_line(lines, i) for i in range(start + 1, end))


def read(items: list[tuple[str, int, str, bool]], lines: list[str], header: int, start: int, end: int,
         pages: frozenset[int], out: Rebuilt) -> bool:
    """The items' cells read as blank where the model above holds (table 2's lines [start, end);
    the caller has checked it holds no unplaced run of values); False, nothing read, else."""
    if not items or header + 1 < len(lines) and lines[header + 1].strip():
        return False
    starts = sorted(pages)
    if any(not alone or line > header or mark_line(lines, line + 1) or page_of(starts, line) != page_of(starts, header)
           for _, line, _, alone in items) or loose_mark(lines, start, end):
        return False
    out.lines.update([header, *(line for _, line, _, _ in items)])
    for _, line, label, _ in items:
        out.rows.extend([Row([], line + 1), Row([label, ""], line + 1), Row([], line + 1)])
    labels = ", ".join(label for _, _, label, _ in items)
    out.issues.append(Issue("warning", "inferred_blank_row",
                            f"table 2: column {nfkc(lines[header]).strip()!r} printed with nothing under it, its flow "
                            f"ending there, for the items {labels} printed alone before it: read as blank (a `-` "
                            "there ends its flow and is printed; table 2 prints no value or mark left unplaced)",
                            f"line {header + 1}"))
    return True

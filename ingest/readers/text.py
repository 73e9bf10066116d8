"""Plain text and Markdown: tab-separated, pipe-separated, one cell per line, space-aligned.

Each line becomes a Row. How a line splits into cells depends on the layout the document
uses, decided once per document from its lines (see `_layout`):

- tabs: split on every tab, empty fields kept ("" = blank cell or merge artefact);
- pipes: `| a | b |` rows, a stray `||` is a merged position (None), `|---|` rules dropped;
- cell_pipe: one cell per line written `text |`; a lone `|` is a blank cell;
- row_bar: one cell per line, a lone `|` line opens each row (cells gathered into that row);
- spaces: columns separated by runs of 2+ spaces (pdftotext -layout), single-space runs kept;
- lines: one cell per line without pipes (blank lines between cells are not cells).
"""

from __future__ import annotations

import re

from ingest.model import SPANNED, Row, SourceDoc
from ingest.readers._decode import decode_text

_SPACE_RUN = re.compile(r"\s{2,}|\u3000+")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}")
_NUMERIC = re.compile(r"^[\d０-９,，.]+$|^[/／—–-]+$")


def read(data: bytes, path: str) -> SourceDoc:
    text, _encoding = decode_text(data)
    return from_text(text)


def from_text(text: str) -> SourceDoc:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0c", "\n")
    lines = text.split("\n")
    layout = _layout(lines)
    rows = _ROW_BUILDERS[layout](lines)
    return SourceDoc(format="txt", rows=rows, text=text)


def _layout(lines: list[str]) -> str:
    tabs = pipes = cell_pipe = bars = spaced = 0
    for line in lines:
        s = line.strip()
        if not s:
            continue
        if "\t" in line:
            tabs += 1
        elif s == "|":
            bars += 1
        elif s.startswith("|") and s.count("|") >= 2:
            pipes += 1
        elif s.endswith("|"):
            cell_pipe += 1
        elif _SPACE_RUN.search(s) and any(_NUMERIC.match(p) for p in _SPACE_RUN.split(s)):
            spaced += 1
    counts = {"tabs": tabs, "pipes": pipes, "cell_pipe": cell_pipe, "row_bar": bars, "spaces": spaced}
    best = max(counts, key=counts.__getitem__)
    if counts[best] < 3:
        return "lines"
    if best == "row_bar" and cell_pipe >= 3:
        return "cell_pipe"
    return best


def _single(lines: list[str]) -> list[Row]:
    return [Row([s], i) for i, line in enumerate(lines, 1) if (s := line.strip())]


def _tabs(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if "\t" in line:
            rows.append(Row([c.strip() for c in line.split("\t")], i))
        else:
            rows.append(Row([line.strip()], i))
    return rows


def _pipes(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("|") and s.count("|") >= 2:
            if _PIPE_RULE.match(s):
                continue
            inner = s[1:-1] if s.endswith("|") else s[1:]
            cells: list[str | None] = []
            for part in inner.split("|"):
                # `||` (nothing between bars) marks a merged position, `| |` a blank cell
                cells.append(SPANNED if part == "" else part.strip())
            rows.append(Row(cells, i))
        else:
            rows.append(Row([s], i))
    return rows


def _cell_pipe(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s == "|":
            rows.append(Row([""], i))
        elif s.endswith("|"):
            rows.append(Row([s[:-1].strip()], i))
        else:
            rows.append(Row([s], i))
    return rows


def _row_bar(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if s == "|":
            current = Row([], i)
            rows.append(current)
        elif not s:
            continue
        elif current is not None:
            current.cells.append(s)
        else:
            rows.append(Row([s], i))
    return [r for r in rows if r.cells]


def _spaces(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if s:
            rows.append(Row(_SPACE_RUN.split(s), i))
    return rows


_ROW_BUILDERS = {
    "tabs": _tabs,
    "pipes": _pipes,
    "cell_pipe": _cell_pipe,
    "row_bar": _row_bar,
    "spaces": _spaces,
    "lines": _single,
}

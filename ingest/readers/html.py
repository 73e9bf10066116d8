"""HTML: running text as rows of one cell, each <table> as a real grid.

rowspan/colspan are honoured: the text sits at the merged cell's top-left position and the
positions it covers are `SPANNED` (None), so a merge is never mistaken for a blank cell.
The tree is walked iteratively (pages with thousands of nested tags must not overflow).
"""

from __future__ import annotations

import re

from lxml import etree

from ingest.model import SPANNED, Issue, Row, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._decode import decode_text
from ingest.readers._office_text import fold, join_lines

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn"}
_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol section article header footer title tr table blockquote pre hr dt dd".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})
_SKIPPED = _SKIP | {"table"}  # subtrees the walk does not enter
_CELL_BREAKS = frozenset({"br", "p", "div"})
_WS = re.compile(r"[ \t\r\n\u00a0\u3000]+")
_MAX_SPAN = 100
# libxml2 stops building the tree (silently, keeping what it has) past 2048 levels even with
# huge_tree; such pages are read again with their non-table tags flattened.
_MAX_DEPTH = 2048
_NESTING_TAG = re.compile(
    r"<(/?)(div|span|font|section|article|main|header|footer|nav|aside|center|blockquote|ul|ol|li|dl|dt|dd"
    r"|a|b|i|u|s|em|strong|small|big|sub|sup|label|form|fieldset)\b[^>]*>",
    re.I,
)


def read(data: bytes, path: str) -> SourceDoc:
    return from_html(_decoded(data))


def _decoded(data: bytes) -> str:
    m = _CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii").lower() if m else None
    if declared in _GB_FAMILY:
        declared = "gb18030"
    text, _ = decode_text(data, declared)
    return text


def read_libreoffice(data: bytes) -> SourceDoc:
    """The HTML LibreOffice writes for a text document (ingest/readers/office_legacy.py), read as
    the DOCX reader reads the document: a tab in a paragraph separates cells, page headers and
    footers (`<div title="header">`) are left out, and the <title> is no title (it is the
    document's properties, often a template's)."""
    doc = from_html(_decoded(data), libreoffice=True)
    doc.declared_title = None
    return doc


def from_html(markup: str, libreoffice: bool = False) -> SourceDoc:
    markup = re.sub(r"^<\?xml[^>]*\?>", "", markup.lstrip())
    issues: list[Issue] = []
    root, too_deep = _parse(markup)
    if too_deep:
        root, too_deep = _parse(_NESTING_TAG.sub(lambda m: "<br>" if m.group(2).lower() in _BLOCK else "", markup))
        if too_deep:
            raise UnreadableError(
                "unreadable.html", f"the HTML nests its tags more than {_MAX_DEPTH} levels deep; it cannot be read")
        issues.append(Issue("warning", "html.deep_nesting",
                            f"tags nested more than {_MAX_DEPTH} levels deep were flattened to read the page"))
    rows: list[Row] = []
    lines: list[str] = []
    pending: list[str] = []
    tables = 0

    def flush() -> None:
        if pending:
            text = "".join(pending)
            pending.clear()
            if libreoffice:
                text = fold(text)
            if libreoffice and "\t" in text.strip():
                cells = [_WS.sub(" ", c).strip() for c in text.strip().split("\t")]
                if any(cells):
                    rows.append(Row(cells, len(rows) + 1))
                    lines.append(" ".join(c for c in cells if c))
                return
            s = _WS.sub(" ", text).strip()
            if s:
                rows.append(Row([s], len(rows) + 1))
                lines.append(s)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _SKIP or (libreoffice and tag == "div" and el.get("title") in ("header", "footer")):
                walker.skip_subtree()  # its end event comes next
                continue
            if tag == "table":
                flush()
                tables += 1
                for cells in _grid(el, libreoffice):
                    rows.append(Row(cells, len(rows) + 1, table=tables))
                    lines.append("\t".join(c or "" for c in cells))
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            if el.text and tag:
                pending.append(el.text)
        else:
            if tag in _SKIPPED:  # the end of a subtree read above (a table) or not at all
                if el.tail:
                    pending.append(el.tail)
                continue
            if tag in _BLOCK:
                flush()
            if el.tail:
                pending.append(el.tail)
    flush()
    return SourceDoc(format="html", rows=rows, text="\n".join(lines), issues=issues, declared_title=_declared_title(root))


def _declared_title(root) -> str | None:
    """The page's own title: meta ArticleTitle (publishing systems' clean title), else <title>."""
    head = root.find("head")
    if head is None:
        return None
    for meta in head.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return _WS.sub(" ", meta.get("content")).strip()
    title = next(head.iter("title"), None)
    text = "".join(title.itertext()) if title is not None else ""
    return _WS.sub(" ", text).strip() or None


def _parse(markup: str):
    """(root element, whether libxml2 gave up on the nesting depth)."""
    # Plain lxml.etree elements: lxml.html's element-class lookup costs more than the parse.
    parser = etree.HTMLParser(huge_tree=True, no_network=True)
    try:
        root = etree.fromstring(markup, parser=parser)
    except (etree.LxmlError, ValueError) as exc:
        raise UnreadableError("unreadable.html", f"the HTML could not be parsed: {exc}") from exc
    if root is None:
        raise UnreadableError("unreadable.html", "the HTML holds no element")
    return root, any("Excessive depth" in e.message for e in parser.error_log)


def _cell_text(cell, libreoffice: bool = False) -> str:
    if len(cell) == 0:  # the usual cell: text only, no child elements
        text = _WS.sub(" ", cell.text).strip() if cell.text else ""
        return fold(text) if libreoffice else text
    lines = _cell_lines(cell)
    if libreoffice:  # as the DOCX reader joins a cell's paragraphs
        return join_lines([fold(line) for line in lines])
    return " ".join(filter(None, lines))


def _cell_lines(cell) -> list[str]:
    """The cell's text in document order (a tail after its element's children), split where a
    paragraph or line break starts; comments and processing instructions (with their tails) and
    script/style text left out. A usual cell (a few levels of tags) is walked by recursion; a
    deeply nested one by `_cell_lines_walked`."""
    lines: list[list[str]] = [[cell.text] if cell.text else []]
    try:
        _walk_cell(cell, lines, 0)
    except _DeepCell:
        return _cell_lines_walked(cell)
    return [_WS.sub(" ", "".join(parts)).strip() if parts else "" for parts in lines]


class _DeepCell(Exception):
    pass


_MAX_CELL_DEPTH = 100  # levels of tags in a cell walked by recursion


def _walk_cell(node, lines: list[list[str]], depth: int) -> None:
    if depth > _MAX_CELL_DEPTH:
        raise _DeepCell
    for child in node:
        tag = child.tag
        if tag.__class__ is not str:
            continue  # a comment or processing instruction: not walked (as etree.iterwalk)
        if tag in _CELL_BREAKS:
            lines.append([])
        text = child.text
        if text and tag not in _SKIP:
            lines[-1].append(text)
        if len(child):
            _walk_cell(child, lines, depth + 1)
        tail = child.tail
        if tail:
            lines[-1].append(tail)


def _cell_lines_walked(cell) -> list[str]:
    """`_cell_lines` by etree.iterwalk: no recursion, for cells nested deeper than Python's stack allows."""
    lines: list[list[str]] = [[]]
    for event, node in etree.iterwalk(cell, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if node is not cell and tag in _CELL_BREAKS:
                lines.append([])
            if node.text and tag and tag not in _SKIP:
                lines[-1].append(node.text)
        elif node.tail and node is not cell:
            lines[-1].append(node.tail)
    return [_WS.sub(" ", "".join(parts)).strip() for parts in lines]


def _span(cell, name: str) -> int:
    value = cell.get(name)
    if value is None:
        return 1
    try:
        return max(1, min(int(value.strip() or 1), _MAX_SPAN))
    except ValueError:
        return 1


def _grid(table, libreoffice: bool = False) -> list[list[str | None]]:
    """Rows of the table with merged positions expanded to SPANNED. Nested tables are flattened."""
    grid: list[list[str | None]] = []
    carry: dict[tuple[int, int], bool] = {}  # (row, col) covered by a rowspan from above
    r = 0
    for tr in table.iter("tr"):
        row: list[str | None] = []
        c = 0
        for cell in tr.iterchildren("td", "th"):
            while carry and carry.pop((r, c), False):
                row.append(SPANNED)
                c += 1
            # most cells carry no attribute at all: no span to look up
            rowspan, colspan = (_span(cell, "rowspan"), _span(cell, "colspan")) if cell.attrib else (1, 1)
            row.append(_cell_text(cell, libreoffice))
            if colspan > 1:
                row.extend([SPANNED] * (colspan - 1))
            for dr in range(1, rowspan):
                for dc in range(colspan):
                    carry[(r + dr, c + dc)] = True
            c += colspan
        while carry and carry.pop((r, c), False):
            row.append(SPANNED)
            c += 1
        grid.append(row)
        r += 1
    return grid

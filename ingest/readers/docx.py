"""DOCX reader: word/document.xml read directly with lxml (no python-docx objects).

Body order is kept: paragraphs become one-cell rows (a paragraph holding tabs becomes one
cell per tab-separated field, line breaks split it into rows); tables become one row per
<w:tr> on the table's grid: w:gridSpan covers positions to the right and w:vMerge
(continue) covers positions below, both reported as None (SPANNED); gridBefore/gridAfter
positions, which are no cells at all, are None too. A table of one column is treated as
boxed text. A table nested in a cell is emitted after the row holding it, as its own table.

Safety: package sizes are checked before inflating (_office_zip); the XML parser never
resolves entities, loads DTDs or touches the network.
"""

from __future__ import annotations

from lxml import etree

from ingest.model import Issue, Row, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._office_text import fold, join_lines
from ingest.readers._office_zip import has_dtd, open_package, read_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = f"{{{W}}}"
T_P, T_TBL, T_TR, T_TC, T_R, T_T = (_W + n for n in ("p", "tbl", "tr", "tc", "r", "t"))
T_SDT, T_SDTCONTENT, T_CUSTOMXML = _W + "sdt", _W + "sdtContent", _W + "customXml"
T_TAB, T_BR, T_CR, T_NBH, T_SYM = _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "sym"
T_DEL, T_MOVEFROM, T_INSTR, T_DELINSTR = _W + "del", _W + "moveFrom", _W + "instrText", _W + "delInstrText"
T_TXBX = _W + "txbxContent"
T_FALLBACK = f"{{{MC}}}Fallback"
VAL = _W + "val"
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"  # a picture (DrawingML)
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"  # a picture (VML, older Word)

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_comments=True
)


def _parse(xml: bytes) -> etree._Element:
    try:
        return etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableError("unreadable.corrupt", f"DOCX document.xml is not well-formed XML ({exc})") from None


def _main_part(zf) -> str:
    """The main document part named by [Content_Types].xml (word/document.xml nearly always)."""
    names = set(zf.namelist())
    if "word/document.xml" in names:
        return "word/document.xml"
    try:
        ct = etree.fromstring(read_part(zf, "[Content_Types].xml", "DOCX"), _PARSER)
        for el in ct:
            ctype = el.get("ContentType", "")
            if "wordprocessingml.document.main" in ctype and el.get("PartName"):
                return el.get("PartName").lstrip("/")
    except (UnreadableError, etree.XMLSyntaxError):
        pass
    raise UnreadableError("unreadable.corrupt", "DOCX package has no main document part (word/document.xml)")


class _Reader:
    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.texts: list[str] = []
        self.line = 0
        self.tables = 0

    # -- text of runs
    def _para_lines(self, p: etree._Element) -> list[str]:
        """Text of a paragraph, split at hard line breaks; tabs kept as \t."""
        lines: list[list[str]] = [[]]

        def walk(el: etree._Element) -> None:
            for child in el:
                tag = child.tag
                if not isinstance(tag, str):
                    continue
                if tag in (T_DEL, T_MOVEFROM, T_INSTR, T_DELINSTR, T_FALLBACK, T_TXBX, T_P, T_TBL):
                    continue
                if tag == T_T:
                    lines[-1].append(child.text or "")
                elif tag == T_TAB:
                    lines[-1].append("\t")
                elif tag in (T_BR, T_CR):
                    if child.get(_W + "type") in (None, "textWrapping"):
                        lines.append([])
                elif tag == T_NBH:
                    lines[-1].append("-")
                elif tag == _W + "rPr" or tag == _W + "pPr":
                    continue
                else:
                    walk(child)

        walk(p)
        return [fold("".join(parts)) for parts in lines]

    def _textboxes(self, p: etree._Element) -> list[etree._Element]:
        """Paragraphs of text boxes anchored in p (the drawing's primary, not its fallback)."""
        out = []
        for box in p.iter(T_TXBX):
            if any(a.tag == T_FALLBACK for a in box.iterancestors()):
                continue
            out.extend(box)
        return out

    # -- emitting
    def _emit_text(self, text: str) -> None:
        if "\t" in text.strip():
            cells = [c.strip() for c in text.strip().split("\t")]
        else:
            cells = [text.strip()]
        if not any(cells):
            return
        self.line += 1
        self.rows.append(Row(cells=cells, line=self.line))
        self.texts.append(" ".join(c for c in cells if c))

    def block(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == T_P:
                self.paragraph(child)
            elif tag == T_TBL:
                self.table(child)
            elif tag in (T_SDT, T_SDTCONTENT, T_CUSTOMXML) or tag == _W + "ins" or tag == _W + "smartTag":
                self.block(child)

    def paragraph(self, p: etree._Element) -> None:
        for line in self._para_lines(p):
            self._emit_text(line)
        for inner in self._textboxes(p):
            if inner.tag == T_P:
                self.paragraph(inner)
            elif inner.tag == T_TBL:
                self.table(inner)

    def _cell_content(self, tc: etree._Element) -> tuple[list[str], list[etree._Element]]:
        """Lines of a cell's paragraphs and the tables nested in it."""
        parts: list[str] = []
        nested: list[etree._Element] = []

        def walk(el: etree._Element) -> None:
            for child in el:
                if child.tag == T_P:
                    parts.extend(line.replace("\t", " ") for line in self._para_lines(child))
                    for inner in self._textboxes(child):
                        if inner.tag == T_P:
                            parts.extend(line.replace("\t", " ") for line in self._para_lines(inner))
                elif child.tag == T_TBL:
                    nested.append(child)
                elif child.tag in (T_SDT, T_SDTCONTENT, T_CUSTOMXML) or child.tag == _W + "ins":
                    walk(child)

        walk(tc)
        return parts, nested

    def table(self, tbl: etree._Element) -> None:
        grid = tbl.find(_W + "tblGrid")
        ncols = len(grid.findall(_W + "gridCol")) if grid is not None else 0
        trs = [tr for tr in _iter_rows(tbl)]
        # (cells, nested tables) per row
        built: list[tuple[list[str | None], list[etree._Element]]] = []
        owners: list[etree._Element] = []  # cells holding content, for one-column (boxed text) tables
        for tr in trs:
            cells: list[str | None] = []
            nested_all: list[etree._Element] = []
            trpr = tr.find(_W + "trPr")
            before = _int_val(trpr.find(_W + "gridBefore")) if trpr is not None else 0
            after = _int_val(trpr.find(_W + "gridAfter")) if trpr is not None else 0
            cells.extend([None] * before)
            for tc in _iter_cells(tr):
                tcpr = tc.find(_W + "tcPr")
                span = 1
                vcont = False
                if tcpr is not None:
                    gs = tcpr.find(_W + "gridSpan")
                    if gs is not None:
                        span = max(1, _int_val(gs))
                    hm = tcpr.find(_W + "hMerge")  # legacy horizontal merge
                    if hm is not None and hm.get(VAL) in (None, "continue"):
                        cells.extend([None] * span)
                        continue
                    vm = tcpr.find(_W + "vMerge")
                    vcont = vm is not None and vm.get(VAL) in (None, "continue")
                lines, nested = self._cell_content(tc)
                text = join_lines(lines)
                nested_all.extend(nested)
                if not vcont:
                    owners.append(tc)
                if vcont:
                    cells.extend([None] * span)
                else:
                    cells.append(text)
                    cells.extend([None] * (span - 1))
            cells.extend([None] * after)
            built.append((cells, nested_all))
        width = max([ncols] + [len(c) for c, _ in built]) if built else 0
        for cells, _ in built:
            cells.extend([None] * (width - len(cells)))
        real_cols = [j for j in range(width) if any(c[j] is not None for c, _ in built)]
        if len(real_cols) <= 1:
            # a one-column table: boxed text (or a layout wrapper around the whole report)
            for tc in owners:
                self.block(tc)  # paragraphs and nested tables in their order
            return
        index = self.tables
        self.tables += 1
        for cells, nested in built:
            if any(c is not None for c in cells):
                self.line += 1
                self.rows.append(Row(cells=cells, line=self.line, table=index))
                self.texts.extend(c for c in cells if c)
            for t in nested:
                self.table(t)


def _iter_rows(tbl: etree._Element):
    for child in tbl:
        if child.tag == T_TR:
            yield child
        elif child.tag in (T_SDT, T_SDTCONTENT, T_CUSTOMXML, _W + "ins"):
            yield from _iter_rows(child)


def _iter_cells(tr: etree._Element):
    for child in tr:
        if child.tag == T_TC:
            yield child
        elif child.tag in (T_SDT, T_SDTCONTENT, T_CUSTOMXML, _W + "ins"):
            yield from _iter_cells(child)


def _int_val(el) -> int:
    if el is None:
        return 0
    try:
        return int(el.get(VAL, "0"))
    except ValueError:
        return 0


def read(data: bytes, path: str) -> SourceDoc:
    zf = open_package(data, "DOCX")
    issues: list[Issue] = []
    with zf:
        xml = read_part(zf, _main_part(zf), "DOCX")
    if has_dtd(xml):
        issues.append(
            Issue(
                "warning",
                "docx.dtd_ignored",
                "document.xml declares a DTD / entities; they were not loaded or resolved",
                "word/document.xml",
            )
        )
    root = _parse(xml)
    body = root.find(_W + "body")
    if body is None:
        raise UnreadableError("unreadable.corrupt", "DOCX document.xml has no body")
    reader = _Reader()
    reader.block(body)
    if not reader.rows:
        issues.append(Issue("warning", "docx.empty", "the document holds no text", None))
    images = sum(1 for _ in root.iter(_BLIP, _VML_IMAGE))
    return SourceDoc(format="docx", rows=reader.rows, text="\n".join(reader.texts), issues=issues, images=images)

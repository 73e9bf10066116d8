"""DOCX (python-docx, merged cells) and XLSX (openpyxl, merged ranges) renderings."""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from .render_common import Grid, Style, blocks, postprocess
from .truth import NUM, Truth

_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*)>[^<]*<")


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so the same seed gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # save time stamps
                body = _STAMP.sub(rb"\1>2024-01-01T00:00:00Z<", body)
            dst.writestr(zi, body)
    return out.getvalue()


# ----------------------------------------------------------------------------------------
# DOCX


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)


@dataclass(slots=True)
class DocxPage:
    """How a DOCX prints its tables (the defaults: equal columns, ruled, no page furniture).

    widths: per table name (t2, t3, t4), the grid's column widths in twips; borders False is
    Word's borderless default table style; header_rows repeats that many rows of table 3 on
    every page; font: the East Asian font of the Normal style; footer: a page-number pattern
    with `{n}` where the PAGE field goes (`- {n} -`); whole_rows: no row may split across a
    page break (Word's "allow row to break across pages" off).
    """

    widths: dict[str, list[int]] | None = None
    borders: bool = True
    header_rows: int = 0
    font: str | None = None
    font_half_points: int | None = None
    footer: str | None = None
    whole_rows: bool = False


def _docx_table(doc: Any, g: Grid, style: Style, page: DocxPage | None = None) -> None:
    """Append the grid as a Word table: merged cells as gridSpan / vMerge, as Word writes them.

    (Built as XML: python-docx's cell.merge is quadratic and takes a second per report.)
    """
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from xml.sax.saxutils import escape as xml_escape

    page = page or DocxPage()
    widths = (page.widths or {}).get(g.name) or [9000 // g.ncols] * g.ncols
    owner: dict[tuple[int, int], tuple[int, int, Any]] = {}
    for r, row in enumerate(g.placed()):
        for c, cell in row:
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    owner[(r + dr, c + dc)] = (r, c, cell)
    if page.borders:
        tbl_pr = f'<w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{_BORDERS}</w:tblBorders>'
    else:  # Word's default "Normal Table": no borders at all
        tbl_pr = '<w:tblW w:w="0" w:type="auto"/>'
    parts = [f'<w:tbl xmlns:w="{_W}"><w:tblPr>{tbl_pr}</w:tblPr><w:tblGrid>']
    parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
    parts.append("</w:tblGrid>")
    for r in range(len(g.rows)):
        row_pr = ("<w:cantSplit/>" if page.whole_rows else "") + (
            "<w:tblHeader/>" if g.name == "t3" and r < page.header_rows else "")
        parts.append(f"<w:tr><w:trPr>{row_pr}</w:trPr>" if row_pr else "<w:tr>")
        c = 0
        while c < g.ncols:
            o = owner.get((r, c))
            if o is None:  # a short row: an empty cell
                parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/></w:tcPr><w:p/></w:tc>')
                c += 1
                continue
            r0, c0, cell = o
            if c0 != c:  # inside a horizontal span already written
                c += 1
                continue
            pr = f'<w:tcW w:w="{sum(widths[c:c + cell.cs])}" w:type="dxa"/>'
            if cell.cs > 1:
                pr += f'<w:gridSpan w:val="{cell.cs}"/>'
            if cell.rs > 1:
                pr += '<w:vMerge w:val="restart"/>' if r0 == r else "<w:vMerge/>"
            text = postprocess(cell.text, style) if r0 == r else ""
            para = (f'<w:p><w:r><w:t xml:space="preserve">{xml_escape(text)}</w:t></w:r></w:p>' if text
                    else "<w:p/>")
            parts.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{para}</w:tc>")
            c += cell.cs
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    tbl = parse_xml("".join(parts))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(tbl)
    else:  # pragma: no cover
        body.append(tbl)


def _page_setup(doc: Any, page: DocxPage) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt

    normal = doc.styles["Normal"]
    if page.font:
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = parse_xml(f'<w:rFonts xmlns:w="{_W}"/>')
            rpr.insert(0, fonts)
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), page.font)
    if page.font_half_points:
        normal.font.size = Pt(page.font_half_points / 2)
    if page.footer:
        before, _, after = page.footer.partition("{n}")
        para = doc.sections[0].footer.paragraphs[0]
        para.alignment = 1  # centred
        runs = (f'<w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
                '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                f'<w:r><w:t xml:space="preserve">{after}</w:t></w:r>')
        for el in parse_xml(f'<w:p xmlns:w="{_W}">{runs}</w:p>'):
            para._p.append(el)


def render_docx(truth: Truth, style: Style, page: DocxPage | None = None) -> tuple[bytes, dict[str, Any]]:
    import docx

    rng = random.Random(f"layout:{truth.seed}:docx")
    doc = docx.Document()
    if page is not None:
        _page_setup(doc, page)
    core = doc.core_properties
    import datetime as _dt

    fixed = _dt.datetime(2024, 1, 1)
    core.created = core.modified = fixed
    core.author = core.last_modified_by = ""
    real_headings = rng.random() < 0.5
    for b in blocks(truth, style):
        if b.kind == "title":
            doc.add_heading(postprocess(b.text, style), level=0) if real_headings else doc.add_paragraph(
                postprocess(b.text, style))
        elif b.kind == "heading":
            if real_headings:
                doc.add_heading(postprocess(b.text, style), level=1)
            else:
                p = doc.add_paragraph()
                p.add_run(postprocess(b.text, style)).bold = True
        elif b.kind == "para":
            doc.add_paragraph(postprocess(b.text, style))
        else:
            assert b.grid is not None
            _docx_table(doc, b.grid, style, page)
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue()), {"headings": "styles" if real_headings else "bold runs"}


# ----------------------------------------------------------------------------------------
# XLSX


def _xlsx_value(cell: Any, truth_value: Any, as_text: bool, style: Style) -> Any:
    if cell.kind == "value" and cell.state == NUM and not as_text and truth_value is not None:
        return truth_value
    return postprocess(cell.text, style) if cell.text else None


def _grid_values(truth: Truth, g: Grid) -> dict[tuple[int, int], Any]:
    """The truth's number behind each value cell of a grid (for numeric XLSX cells)."""
    from ingest import codes as C

    vals: dict[tuple[int, int], Any] = {}
    placed = g.placed()
    if g.name == "t4":
        for k, (c, cell) in enumerate(placed[3]):
            vals[(3, c)] = truth.t4[C.T4_CELLS[k]][0]
    elif g.name == "t3":
        outcomes = truth.t3_outcomes()
        outcomes = [o for o in outcomes if not (truth.other_as_one_row and o in C.OTHER_SUBROWS)]
        for i, o in enumerate(outcomes):
            row = [x for x in placed[3 + i] if x[1].kind == "value"]
            for (c, _), a in zip(row, C.APPLICANTS):
                vals[(3 + i, c)] = truth.t3[o][a][0]
    elif g.name == "t2":
        from .render_common import printed_2019

        cells = iter(C.T2_CELLS_BY_TEMPLATE[truth.format_version])
        for r, row in enumerate(placed):
            for c, cell in row:
                if cell.kind == "value":
                    key = next(cells)
                    if truth.format_version == "2021":
                        vals[(r, c)] = truth.t2[key][0]
                    elif truth.money_unit_in_header or key[1] != "procurement_amount_10k_yuan":
                        vals[(r, c)] = printed_2019(truth, *key)[0]  # else text: "1234.5元"
    return vals


def render_xlsx(truth: Truth, style: Style) -> tuple[bytes, dict[str, Any]]:
    import openpyxl

    rng = random.Random(f"layout:{truth.seed}:xlsx")
    wb = openpyxl.Workbook()
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2024, 1, 1)
    wb.properties.creator = ""
    ws = wb.active
    ws.title = "年度报告"
    per_sheet = rng.random() < 0.4
    as_text = rng.random() < 0.2 or style.fullwidth or style.units or style.thousands and rng.random() < 0.3
    r0 = 1  # next free row of the sheet being written
    nr = 1  # next free row of the narrative (first) sheet in per-table workbooks
    sheet = ws
    for b in blocks(truth, style):
        if b.kind in ("title", "heading", "para"):
            text = postprocess(b.text, style)
            if per_sheet:  # the whole narrative stays on the first sheet
                ws.cell(row=nr, column=1, value=text)
                nr += 1
                continue
            sheet.cell(row=r0, column=1, value=text)
            if b.kind == "title":
                sheet.merge_cells(start_row=r0, start_column=1, end_row=r0, end_column=10)
            r0 += 1
            continue
        g = b.grid
        assert g is not None
        if per_sheet:
            sheet = wb.create_sheet({"t2": "表二", "t3": "表三", "t4": "表四"}[g.name])
            r0 = 1
        vals = _grid_values(truth, g)
        for r, row in enumerate(g.placed()):
            for c, cell in row:
                v = _xlsx_value(cell, vals.get((r, c)), as_text, style)
                if v is not None:
                    sheet.cell(row=r0 + r, column=1 + c, value=v)
                if cell.rs > 1 or cell.cs > 1:
                    sheet.merge_cells(start_row=r0 + r, start_column=1 + c,
                                      end_row=r0 + r + cell.rs - 1, end_column=1 + c + cell.cs - 1)
        r0 += len(g.rows) + 1
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue()), {"sheets": "per_table" if per_sheet else "single",
                                             "numbers_as_text": as_text}

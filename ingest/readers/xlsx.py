"""XLSX / XLS reader: every sheet in order, one Row per non-empty sheet row.

.xlsx (zip) with openpyxl (cached values, not formulas: data_only=True); .xls (OLE2/BIFF)
with xlrd. Positions covered by a merged range other than its top-left are None (SPANNED);
empty cells are "". Numbers are written without a spurious ".0" (3.0 -> "3"). A ".xls"
that is really an HTML page (a common "export to Excel") is handed to the HTML reader.
Every row of a sheet spans the sheet's used width (columns right of the last text or merged
range, formatting only, are trimmed), so a row of blank value cells stays blank ("") rather
than vanishing; `table` is the sheet's index, `line` a running row counter.
"""

from __future__ import annotations

import datetime as dt
import importlib
import warnings

from ingest.model import Issue, Row, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._office_text import fold, number_text
from ingest.readers._office_zip import OLE_MAGIC, check_no_dtd, open_package

MAX_CELLS = 2_000_000  # a report's sheet has a few hundred cells


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return fold(str(value)).strip()


def _sheet_rows(grid: list[list[str]], merges: list[tuple[int, int, int, int]], table: int, start_line: int) -> list[Row]:
    """grid: cell texts; merges: (first_row, first_col, last_row, last_col), 0-based inclusive."""
    covered: set[tuple[int, int]] = set()
    nrows = len(grid)
    width = 0  # trailing columns holding nothing (formatting only) are trimmed
    for row in grid:
        for c in range(len(row) - 1, -1, -1):
            if row[c] != "":
                width = max(width, c + 1)
                break
    for r0, c0, r1, c1 in merges:
        for r in range(r0, min(r1, nrows - 1) + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    covered.add((r, c))
        if r0 < nrows and c0 < len(grid[r0]) and grid[r0][c0]:
            width = max(width, c1 + 1)
    rows: list[Row] = []
    line = start_line
    for r, row in enumerate(grid):
        cells: list[str | None] = []
        for c in range(width):
            if (r, c) in covered:
                cells.append(None)
            else:
                cells.append(row[c] if c < len(row) else "")
        if not any(cells):
            continue  # an empty sheet row (all "" / covered)
        line += 1
        rows.append(Row(cells=cells, line=line, table=table))
    return rows


def _read_xlsx(data: bytes) -> tuple[list[tuple[str, list[list[str]], list]], list[Issue]]:
    zf = open_package(data, "XLSX")
    with zf:
        check_no_dtd(zf, "XLSX")
    from io import BytesIO

    import openpyxl  # after the checks: openpyxl's own XML parsing is not hardened

    issues: list[Issue] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(BytesIO(data), data_only=True, read_only=False, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged packages
        msg = str(exc)
        if "encrypt" in msg.lower():
            raise UnreadableError("unreadable.encrypted", "XLSX file is password-protected (encrypted)") from None
        raise UnreadableError("unreadable.corrupt", f"XLSX file is damaged or not a workbook ({type(exc).__name__}: {msg})") from None
    sheets = []
    try:
        for ws in wb.worksheets:
            if ws.max_row * ws.max_column > MAX_CELLS:
                issues.append(Issue("warning", "xlsx.sheet_too_large", f"sheet {ws.title!r} has more than {MAX_CELLS} cells; skipped", ws.title))
                continue
            if ws.sheet_state != "visible":
                issues.append(Issue("warning", "xlsx.hidden_sheet", f"sheet {ws.title!r} is hidden; read anyway", ws.title))
            grid = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            merges = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
            sheets.append((ws.title, grid, merges))
    finally:
        wb.close()
    return sheets, issues


def _read_xls(data: bytes) -> tuple[list[tuple[str, list[list[str]], list]], list[Issue]]:
    import xlrd

    issues: list[Issue] = []
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, logfile=_NullLog())
    except xlrd.biffh.XLRDError as exc:
        msg = str(exc)
        if "encrypt" in msg.lower() or "password" in msg.lower():
            raise UnreadableError("unreadable.encrypted", "XLS file is password-protected (encrypted)") from None
        raise UnreadableError("unreadable.corrupt", f"XLS file is damaged or not a workbook ({msg})") from None
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds on damaged files
        raise UnreadableError("unreadable.corrupt", f"XLS file is damaged or not a workbook ({type(exc).__name__}: {exc})") from None
    sheets = []
    try:
        for idx in range(book.nsheets):
            sh = book.sheet_by_index(idx)
            if sh.nrows * sh.ncols > MAX_CELLS:
                issues.append(Issue("warning", "xlsx.sheet_too_large", f"sheet {sh.name!r} has more than {MAX_CELLS} cells; skipped", sh.name))
                continue
            grid = []
            for r in range(sh.nrows):
                row = []
                for c in range(sh.ncols):
                    cell = sh.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_NUMBER:
                        row.append(number_text(cell.value))
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            row.append(_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            row.append(number_text(cell.value))
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        row.append("TRUE" if cell.value else "FALSE")
                    elif cell.ctype in (xlrd.XL_CELL_TEXT,):
                        row.append(fold(str(cell.value)).strip())
                    else:  # empty, blank, error
                        row.append("")
                grid.append(row)
            merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            sheets.append((sh.name, grid, merges))
            book.unload_sheet(idx)
    finally:
        book.release_resources()
    return sheets, issues


class _NullLog:
    def write(self, *_args) -> None:
        pass


def read(data: bytes, path: str) -> SourceDoc:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:2] == b"PK":
        sheets, issues = _read_xlsx(data)
    elif data[:8] == OLE_MAGIC:
        sheets, issues = _read_xls(data)
    elif head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) or b"<html" in head or b"<table" in head:
        html = importlib.import_module("ingest.readers.html")  # "Excel" files exported as HTML
        doc = html.read(data, path)
        doc.issues.append(Issue("warning", "xlsx.is_html", "the spreadsheet file is an HTML page; read as HTML", None))
        return doc
    elif not data:
        raise UnreadableError("unreadable.corrupt", "the spreadsheet file is empty")
    else:
        raise UnreadableError("unreadable.corrupt", "not a spreadsheet: neither an XLSX (zip) nor an XLS (OLE2) file")
    rows: list[Row] = []
    texts: list[str] = []
    for index, (_name, grid, merges) in enumerate(sheets):
        sheet_rows = _sheet_rows(grid, merges, index, len(rows))
        rows.extend(sheet_rows)
        for row in sheet_rows:
            texts.extend(c for c in row.cells if c)
    return SourceDoc(format="xlsx", rows=rows, text="\n".join(texts), issues=issues)

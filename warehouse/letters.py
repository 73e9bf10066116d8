"""Correction letters: per body with open findings, a DOCX in Chinese; one XLSX for the office.

A letter names the body and its report, then each finding still to correct (review status
`open` or `confirmed`, data/review_statuses.csv: dismissed findings are left out):

- an identity (kind `identity` in data/finding_marts.csv) in words (data/identity_words.csv)
  with the figures the report printed and where they are: the table, row and column by their
  labels in ingest/data/labels.csv, the place in the document (data/location_words.csv);
- a finding of another mart (kind `narrative`) with its message and the quoted text.

Which marts hold findings is data (data/finding_marts.csv): a mart listed there and present
in the warehouse is read; one listed and absent is named in `LetterSet.missing_marts`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest import codes
from ingest.identities import cell_key, expand, table_operands
from ingest.identity_table import IDENTITIES
from ingest.states import BLANK
from warehouse.letter_words import (CELL_TABLES, cell_place, identity_words, location_words, scope_words,
                                    severity_words)
from warehouse.review import FindingMart, finding_marts, load_decisions, review_statuses
from warehouse.store import connect_for_query

LETTER_SUFFIX = ".docx"
TRACKING_SHEET = "更正跟踪"
TRACKING_COLUMNS = ("序号", "单位", "地区", "年度", "报告编号", "问题", "核查项", "范围", "类别", "说明",
                    "审核状态", "审核意见", "通知文件", "整改情况")


@dataclass(frozen=True)
class Operand:
    side: str  # lhs or rhs
    sign: int  # +1, or -1 for a term subtracted
    table: str
    row: str
    col: str
    previous: bool = False  # a cell of the body's report of the year before


@dataclass(frozen=True)
class Figure:
    where: str  # the table, row and column by their labels, and the place in the document
    printed: str  # the figure as printed
    sign: int = 1
    side: str = "lhs"


@dataclass
class LetterFinding:
    check_name: str
    scope: str
    kind: str
    severity: str
    review_status: str
    review_comment: str | None
    name_zh: str
    scope_zh: str
    rule_zh: str | None = None
    lhs: float | None = None
    rhs: float | None = None
    figures: list[Figure] = field(default_factory=list)
    message: str | None = None
    quote: str | None = None


@dataclass
class Letter:
    report_id: str
    agency: str
    year: int
    title: str | None
    source_path: str
    region: str
    findings: list[LetterFinding]

    @property
    def file_name(self) -> str:
        return f"{_safe(self.agency)}_{self.year}_{self.report_id}{LETTER_SUFFIX}"


@dataclass
class LetterSet:
    letters: list[Letter]
    missing_marts: list[str]  # finding marts listed in data/finding_marts.csv, absent from the warehouse
    paths: list[Path] = field(default_factory=list)
    tracking: Path | None = None


# ---- operands of an identity -----------------------------------------------------------------

def operands(identity: str, scope: str, has_other_row: bool) -> list[Operand]:
    """The cells an identity reads at `scope`; [] for one that reads only the narrative's figures."""
    found = table_operands(identity, scope, has_other_row)
    if found is not None:
        lhs, rhs = found
        return [Operand(side, 1, *key) for side, keys in (("lhs", lhs), ("rhs", rhs)) for key in keys]
    if identity == "t2_non_negative":
        item, _, measure = scope.partition(".")
        return [Operand("lhs", 1, "proactive", item, measure)]
    if identity == "narrative_applications":
        return [Operand("rhs", 1, "applications", "new_received", "total"),
                Operand("rhs", 1, "applications", "carried_over", "total")]
    row = IDENTITIES.get(identity)
    if row is not None and row.kind == "cross_year":
        return [Operand(side, t.sign, *cell_key(row, scope, t.code), previous=t.previous)
                for side, terms in (("lhs", row.lhs), ("rhs", row.rhs)) for t in expand(terms, has_other_row)]
    return []


# ---- collecting the letters ------------------------------------------------------------------

_REPORTS_SQL = """
select d.report_id, d.agency, d.year, d.title, d.source_path, d.agency_id,
       concat_ws('', d.province, d.city, d.county) as region
from marts.dim_report as d
where d.is_current and d.agency is not null and d.year is not null {filters}
"""


def collect_letters(warehouse: Path, region: str | None = None, year: int | None = None) -> LetterSet:
    """The letters for the current reports of `region` (a province, city or county as dim_report
    names it) and `year`, one per report with findings to correct, by agency."""
    in_letter = [s for s, status in review_statuses().items() if status.in_letter]
    filters, params = [], []
    if region:
        filters.append("and ? in (d.province, d.city, d.county)")
        params.append(region)
    if year is not None:
        filters.append("and d.year = ?")
        params.append(year)
    with connect_for_query(warehouse) as con:
        present = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        if "dim_report" not in present:
            raise FileNotFoundError(f"{warehouse} has no marts: run `gongkai run` first")
        reports = {r[0]: r for r in con.execute(_REPORTS_SQL.format(filters=" ".join(filters)), params).fetchall()}
        marts = [m for m in finding_marts() if m.mart in present]
        missing = [m.mart for m in finding_marts() if m.mart not in present]
        narrative_words = _narrative_words(con) if "narrative_check_names" in present else {}
        by_report: dict[str, list[LetterFinding]] = {}
        for mart in marts:
            for row in _failing(con, mart, list(reports), in_letter):
                by_report.setdefault(row["report_id"], []).append(
                    _finding(con, mart, row, reports[row["report_id"]], narrative_words))
    letters = [Letter(rid, r[1], r[2], r[3], r[4], r[6], by_report[rid])
               for rid, r in reports.items() if rid in by_report]
    letters.sort(key=lambda letter: (letter.region, letter.agency, letter.year, letter.report_id))
    return LetterSet(letters, missing)


def _failing(con, mart: FindingMart, report_ids: list[str], in_letter: list[str]) -> list[dict]:
    if not report_ids:
        return []
    cursor = con.execute(
        f"""select f.report_id, f.{mart.check_column} as check_name, f.scope, f.severity,
                   {'f.lhs, f.rhs' if mart.kind == 'identity' else 'null as lhs, null as rhs'},
                   {mart.message} as message, {mart.quote} as quote,
                   coalesce(r.review_status, 'open') as review_status, r.review_comment
            from marts.{mart.mart} as f
            left join marts.fct_review_decisions as r
                on r.is_latest and r.report_id = f.report_id and r.check_name = f.{mart.check_column}
                and r.scope = f.scope
            where ({mart.failing}) and f.report_id in (select unnest(?::varchar[]))
                and coalesce(r.review_status, 'open') in (select unnest(?::varchar[]))
            order by f.report_id, f.severity, 2, f.scope""", [report_ids, in_letter])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _narrative_words(con) -> dict[tuple[str, str], dict]:
    """Chinese names of the narrative checks (the dbt seed narrative_check_names, in the warehouse)."""
    rows = con.execute("select check_name, scope, title_zh, scope_zh from marts.narrative_check_names").fetchall()
    return {(check, scope): {"name_zh": title, "scope_zh": scope_zh} for check, scope, title, scope_zh in rows}


def _finding(con, mart: FindingMart, row: dict, report: tuple,
             narrative_words: dict[tuple[str, str], dict]) -> LetterFinding:
    check, scope = row["check_name"], row["scope"]
    words = identity_words().get(check) if mart.kind == "identity" else narrative_words.get((check, scope))
    finding = LetterFinding(
        check_name=check, scope=scope, kind=mart.kind, severity=row["severity"],
        review_status=row["review_status"], review_comment=row["review_comment"],
        name_zh=words["name_zh"] if words else check,
        scope_zh=(scope_words(check, scope) if mart.kind == "identity" else words["scope_zh"]) if words
        else ("全文" if scope == "report" else scope),
        rule_zh=words.get("rule_zh") if words else None, lhs=row["lhs"], rhs=row["rhs"],
        message=row["message"], quote=row["quote"])
    if mart.kind == "identity":
        figures = _figures(con, row["report_id"], report, check, scope)
        # a side read from the narrative's text, not from a table cell: said in words
        for side, value in (("lhs", row["lhs"]), ("rhs", row["rhs"])):
            text = words.get(f"{side}_text_zh") if words else None
            if text and value is not None and not any(f.side == side for f in figures):
                figures.insert(0 if side == "lhs" else len(figures), Figure(text, _number(value), 1, side))
        finding.figures = figures
    return finding


def _figures(con, report_id: str, report: tuple, identity: str, scope: str) -> list[Figure]:
    has_other_row = con.execute(
        "select count(*) > 0 from marts.fct_applications where report_id = ? and outcome = ? and applicant = 'total'",
        [report_id, codes.OTHER_GROUP]).fetchone()[0]
    previous_id = None
    figures = []
    for op in operands(identity, scope, has_other_row):
        rid = report_id
        if op.previous:
            if previous_id is None:
                found = con.execute(
                    "select report_id from marts.dim_report where is_current and agency_id = ? and year = ?",
                    [report[5], report[2] - 1]).fetchone()
                if found is None:
                    continue
                previous_id = found[0]
            rid = previous_id
        mart, row_col, col_col, _, _ = CELL_TABLES[op.table]
        cell = con.execute(
            f"select state, value, raw_text, location from marts.{mart} where report_id = ? and {row_col} = ? "
            f"and {col_col} = ?", [rid, op.row, op.col]).fetchone()
        if cell is None:
            continue
        state, value, raw_text, location = cell
        where = cell_place(op.table, op.row, op.col)
        place = location_words(location)
        prefix = f"{report[2] - 1}年度报告" if op.previous else ""
        figures.append(Figure(f"{prefix}{where}" + (f"（{place}）" if place else ""), _printed(state, raw_text, value),
                              op.sign, op.side))
    return figures


def _printed(state: str, raw_text: str | None, value: float | None) -> str:
    if state == BLANK:
        return "空白"
    if raw_text:
        return raw_text.strip()
    return _number(value)


def _number(value) -> str:
    if value is None:
        return "—"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _safe(text: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", text).strip("_") or "body"


# ---- the letter's text -----------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    if n < 20:
        return "十" + _NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return _NUMERALS[tens - 1] + "十" + (_NUMERALS[ones - 1] if ones else "")


def letter_paragraphs(letter: Letter, office: str, on: date) -> list[tuple[str, str]]:
    """(style, text) of the letter's paragraphs: 'title', 'heading', 'body', 'item', 'signature'."""
    name = Path(letter.source_path).name
    paragraphs = [
        ("title", "政府信息公开工作年度报告更正通知"),
        ("body", f"{letter.agency}："),
        ("body", f"经核查，你单位发布的《{letter.title or f'{letter.year}年政府信息公开工作年度报告'}》"
                 f"（{letter.year}年度；文件：{name}；报告编号：{letter.report_id}）有以下"
                 f"{len(letter.findings)}处问题，请逐项核实，更正后重新发布，并将更正情况报送我办。"),
    ]
    severities = severity_words()
    for n, finding in enumerate(letter.findings, 1):
        paragraphs.append(("heading", f"{_numeral(n)}、{finding.name_zh}（{finding.scope_zh}；"
                                      f"{severities.get(finding.severity, finding.severity)}）"))
        if finding.rule_zh:
            paragraphs.append(("body", f"规则：{finding.rule_zh}。"))
        if finding.figures:
            paragraphs.append(("body", "报告所印数字："))
            for i, figure in enumerate(finding.figures, 1):
                sign = "（减）" if figure.sign < 0 else ""
                paragraphs.append(("item", f"（{i}）{figure.where}：{figure.printed}{sign}"))
        if finding.kind == "identity" and finding.lhs is not None and finding.rhs is not None:
            paragraphs.append(("body", f"核查结果：等式左边为{_number(finding.lhs)}，右边为{_number(finding.rhs)}，"
                                       f"相差{_number(abs(finding.lhs - finding.rhs))}。"))
        if finding.message and finding.kind != "identity":
            paragraphs.append(("body", f"问题：{finding.message}"))
        if finding.quote:
            paragraphs.append(("body", f"原文：“{finding.quote}”"))
        if finding.review_comment:
            paragraphs.append(("body", f"审核意见：{finding.review_comment}"))
    paragraphs.append(("signature", office))
    paragraphs.append(("signature", f"{on.year}年{on.month}月{on.day}日"))
    return paragraphs


def letter_text(letter: Letter, office: str, on: date) -> str:
    return "\n".join(text for _, text in letter_paragraphs(letter, office, on)) + "\n"


def default_office(region: str | None) -> str:
    return f"{region or ''}政务公开工作主管部门"


# ---- writing the files -----------------------------------------------------------------------

def write_letters(warehouse: Path, out_dir: Path, region: str | None = None, year: int | None = None,
                  office: str | None = None, on: date | None = None, decisions_file: Path | None = None) -> LetterSet:
    """A DOCX per letter and the tracking XLSX into `out_dir` (created); the LetterSet with the paths.

    decisions_file: reloaded into the warehouse first, so that the letters follow every decision
    recorded in it (also one whose reload an interrupted `gongkai review` left undone)."""
    if decisions_file is not None:
        load_decisions(warehouse, decisions_file)
    letters = collect_letters(warehouse, region, year)
    office = office or default_office(region)
    on = on or date.today()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for letter in letters.letters:
        path = out_dir / letter.file_name
        _write_docx(path, letter_paragraphs(letter, office, on))
        letters.paths.append(path)
    letters.tracking = out_dir / f"更正通知汇总_{_safe(region or '全部地区')}_{year or '全部年度'}.xlsx"
    _write_xlsx(letters.tracking, letters.letters)
    return letters


_FONT = "SimSun"  # 宋体: LibreOffice substitutes a CJK serif where it is not installed


def _write_docx(path: Path, paragraphs: list[tuple[str, str]]) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), _FONT)
    for style, text in paragraphs:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(16)
        elif style == "heading":
            run.bold = True
        elif style == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif style == "item":
            paragraph.paragraph_format.left_indent = Pt(24)
        if style == "body" and not text.endswith("："):
            paragraph.paragraph_format.first_line_indent = Pt(24)
    document.save(str(path))


def _write_xlsx(path: Path, letters: list[Letter]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    statuses = review_statuses()
    severities = severity_words()
    book = Workbook()
    sheet = book.active
    sheet.title = TRACKING_SHEET
    sheet.append(TRACKING_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    n = 0
    for letter in letters:
        for i, finding in enumerate(letter.findings, 1):
            n += 1
            detail = finding.message if finding.kind != "identity" else (
                f"左边{_number(finding.lhs)}，右边{_number(finding.rhs)}" if finding.lhs is not None else finding.message)
            sheet.append((n, letter.agency, letter.region, letter.year, letter.report_id, i,
                          finding.name_zh, finding.scope_zh, severities.get(finding.severity, finding.severity),
                          detail or "", statuses[finding.review_status].label_zh, finding.review_comment or "",
                          letter.file_name, ""))
    for column, width in zip("ABCDEFGHIJKLMN", (6, 28, 20, 8, 18, 6, 24, 28, 8, 30, 10, 30, 40, 30)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(str(path))

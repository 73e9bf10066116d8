"""DOCX and XLSX/XLS readers: a full report built in the real table layout (merged cells),
read back row by row and through the mapper; unsafe and damaged packages."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import pytest

from ingest.readers import UnreadableError, read
from ingest.readers._office_text import number_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "office"

# --------------------------------------------------------------------------- the report layout
# A table is a list of rows; a row lists (text, colspan, rowspan) left to right, skipping the
# positions taken by a rowspan from above (as in HTML).

TITLE = "淮安市测试区人民政府2024年政府信息公开工作年度报告"
NARRATIVE_BEFORE = [
    "一、总体情况",
    "2024年，本机关主动公开政府信息1200条，受理政府信息公开申请13件。",
    "二、主动公开政府信息情况",
]
NARRATIVE_T3 = ["三、收到和处理政府信息公开申请情况"]
NARRATIVE_T4 = ["四、政府信息公开行政复议、行政诉讼情况"]
NARRATIVE_AFTER = ["五、存在的主要问题及改进情况", "六、其他需要报告的事项", "本年度未收取信息处理费。"]


def _c(text, colspan=1, rowspan=1):
    return (text, colspan, rowspan)


T2 = [
    [_c("第二十条第（一）项", 4)],
    [_c("信息内容"), _c("本年制发件数"), _c("本年废止件数"), _c("现行有效件数")],
    [_c("规章"), _c("0"), _c("0"), _c("0")],
    [_c("行政规范性文件"), _c("3"), _c("0"), _c("8")],
    [_c("第二十条第（五）项", 4)],
    [_c("信息内容"), _c("本年处理决定数量", 3)],
    [_c("行政许可"), _c("9487", 3)],
    [_c("第二十条第（六）项", 4)],
    [_c("信息内容"), _c("本年处理决定数量", 3)],
    [_c("行政处罚"), _c("2776", 3)],
    [_c("行政强制"), _c("", 3)],
    [_c("第二十条第（八）项", 4)],
    [_c("信息内容"), _c("本年收费金额（单位：万元）", 3)],
    [_c("行政事业性收费"), _c("12.5", 3)],
]

# (label cells, natural_person, commercial_enterprise) ; other columns 0, total = sum
_T3_DATA = [
    ([_c("一、本年新收政府信息公开申请数量", 3)], 12, 1),
    ([_c("二、上年结转政府信息公开申请数量", 3)], 2, 0),
    ([_c("三、本年度办理结果", 1, 22), _c("（一）予以公开", 2)], 5, 1),
    ([_c("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 2)], 1, 0),
    ([_c("（三）不予公开", 1, 8), _c("1.属于国家秘密")], 1, 0),
    ([_c("2.其他法律行政法规禁止公开")], 0, 0),
    ([_c("3.危及“三安全一稳定”")], 0, 0),
    ([_c("4.保护第三方合法权益")], 0, 0),
    ([_c("5.属于三类内部事务信息")], 0, 0),
    ([_c("6.属于四类过程性信息")], 0, 0),
    ([_c("7.属于行政执法案卷")], 0, 0),
    ([_c("8.属于行政查询事项")], 0, 0),
    ([_c("（四）无法提供", 1, 3), _c("1.本机关不掌握相关政府信息")], 2, 0),
    ([_c("2.没有现成信息需要另行制作")], 0, 0),
    ([_c("3.补正后申请内容仍不明确")], 0, 0),
    ([_c("（五）不予处理", 1, 5), _c("1.信访举报投诉类申请")], 0, 0),
    ([_c("2.重复申请")], 1, 0),
    ([_c("3.要求提供公开出版物")], 0, 0),
    ([_c("4.无正当理由大量反复申请")], 0, 0),
    ([_c("5.要求行政机关确认或重新出具已获取信息")], 0, 0),
    ([_c("（六）其他处理", 1, 3), _c("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")], 0, 0),
    ([_c("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")], 0, 0),
    ([_c("3.其他")], 1, 0),
    ([_c("（七）总计", 2)], 11, 1),
    ([_c("四、结转下年度继续办理", 3)], 3, 0),
]
T3_OUTCOMES = [
    "new_received", "carried_over", "granted", "partially_granted",
    "denied.state_secret", "denied.prohibited_by_law", "denied.security_stability", "denied.third_party_rights",
    "denied.internal_affairs", "denied.process_information", "denied.enforcement_file", "denied.administrative_query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear_after_correction",
    "not_processed.petition_or_complaint", "not_processed.duplicate", "not_processed.publication",
    "not_processed.excessive_repeated", "not_processed.confirm_or_reissue",
    "other.no_correction", "other.fee_unpaid", "other.other", "results_total", "carried_forward",
]
T3 = [
    [_c("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), _c("申请人情况", 7)],
    [_c("自然人", 1, 2), _c("法人或其他组织", 5), _c("总计", 1, 2)],
    [_c("商业企业"), _c("科研机构"), _c("社会公益组织"), _c("法律服务机构"), _c("其他")],
] + [labels + [_c(str(n)), _c(str(ce)), _c("0"), _c("0"), _c("0"), _c("0"), _c(str(n + ce))] for labels, n, ce in _T3_DATA]

T4_VALUES = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
_OUTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
T4 = [
    [_c("行政复议", 5), _c("行政诉讼", 10)],
    [_c(t, 1, 2) for t in _OUTS] + [_c("未经复议直接起诉", 5), _c("复议后起诉", 5)],
    [_c(t) for t in _OUTS] + [_c(t) for t in _OUTS],
    [_c(v) for v in T4_VALUES],
]


def layout(spec):
    """-> (grid of texts with None for covered positions, list of merges (r0, c0, r1, c1))."""
    taken: dict[tuple[int, int], bool] = {}
    grid: list[list[str | None]] = []
    merges = []
    width = 0
    for r, row in enumerate(spec):
        c = 0
        out: dict[int, str | None] = {}
        for text, cs, rs in row:
            while taken.get((r, c)):
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = True
            out[c] = text
            if cs > 1 or rs > 1:
                merges.append((r, c, r + rs - 1, c + cs - 1))
            c += cs
        width = max(width, c)
        grid.append(out)
    rows = []
    for r, out in enumerate(grid):
        rows.append([out.get(c) if c in out else None for c in range(width)])
    return rows, merges


def expected_cells() -> dict[tuple[str, str, str], tuple[object, str]]:
    want = {
        ("proactive", "regulation", "issued"): (0, "number"),
        ("proactive", "regulation", "repealed"): (0, "number"),
        ("proactive", "regulation", "in_force"): (0, "number"),
        ("proactive", "normative_document", "issued"): (3, "number"),
        ("proactive", "normative_document", "repealed"): (0, "number"),
        ("proactive", "normative_document", "in_force"): (8, "number"),
        ("proactive", "administrative_license", "decisions"): (9487, "number"),
        ("proactive", "administrative_penalty", "decisions"): (2776, "number"),
        ("proactive", "administrative_coercion", "decisions"): (None, "blank"),
        ("proactive", "administrative_fee", "amount_10k_yuan"): (12.5, "number"),
    }
    applicants = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                  "legal_service_org", "other_org", "total"]
    for outcome, (_labels, n, ce) in zip(T3_OUTCOMES, _T3_DATA):
        for a, v in zip(applicants, [n, ce, 0, 0, 0, 0, n + ce]):
            want[("applications", outcome, a)] = (v, "number")
    procs = ["administrative_review", "litigation_direct", "litigation_after_review"]
    outs = ["upheld", "corrected", "other", "pending", "total"]
    for k, v in enumerate(T4_VALUES):
        want[("review_litigation", procs[k // 5], outs[k % 5])] = (int(v), "number")
    return want


def _mapped(doc):
    from ingest import mapper

    result = mapper.map_rows(doc.rows)
    return {(c.table, c.key, c.sub): (c.value, c.state) for c in result.cells}


def _diff(got, want):
    return {k: (want.get(k), got.get(k)) for k in set(want) | set(got) if want.get(k) != got.get(k)}


# --------------------------------------------------------------------------- DOCX


@functools.cache
def build_docx(nested_wrapper: bool = False) -> bytes:
    import docx

    document = docx.Document()
    container = document
    if nested_wrapper:
        # the whole report inside a one-cell layout table (seen in web-to-Word exports)
        wrapper = document.add_table(rows=1, cols=1)
        container = wrapper.cell(0, 0)
        container.paragraphs[0].text = TITLE
    else:
        document.add_paragraph(TITLE)

    def para(text):
        container.add_paragraph(text)

    def table(spec):
        rows, merges = layout(spec)
        t = container.add_table(rows=len(rows), cols=len(rows[0]))
        for r0, c0, r1, c1 in merges:
            t.cell(r0, c0).merge(t.cell(r1, c1))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text is not None:
                    t.cell(r, c).text = text

    for text in NARRATIVE_BEFORE:
        para(text)
    table(T2)
    for text in NARRATIVE_T3:
        para(text)
    table(T3)
    for text in NARRATIVE_T4:
        para(text)
    table(T4)
    for text in NARRATIVE_AFTER:
        para(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def docx_doc():
    return read(build_docx(), "report.docx")


def test_docx_body_order_and_text(docx_doc):
    assert docx_doc.format == "docx"
    assert docx_doc.rows[0].cells == [TITLE] and docx_doc.rows[0].table is None
    assert docx_doc.text.splitlines()[0] == TITLE
    firsts = [r.cells[0] for r in docx_doc.rows if r.table is None]
    assert firsts == [TITLE, *NARRATIVE_BEFORE, *NARRATIVE_T3, *NARRATIVE_T4, *NARRATIVE_AFTER]
    assert {r.table for r in docx_doc.rows if r.table is not None} == {0, 1, 2}
    assert [r.line for r in docx_doc.rows] == list(range(1, len(docx_doc.rows) + 1))
    assert "受理政府信息公开申请13件" in docx_doc.text


@pytest.mark.parametrize("index,spec", [(0, T2), (1, T3), (2, T4)])
def test_docx_tables_have_spanned_positions(docx_doc, index, spec):
    rows = [r.cells for r in docx_doc.rows if r.table == index]
    want, _ = layout(spec)
    assert rows == want


def test_docx_merge_details(docx_doc):
    t3 = [r.cells for r in docx_doc.rows if r.table == 1]
    assert t3[3] == ["一、本年新收政府信息公开申请数量", None, None, "12", "1", "0", "0", "0", "0", "13"]
    assert t3[5][:3] == ["三、本年度办理结果", "（一）予以公开", None]  # vMerge restart + gridSpan
    assert t3[6][:2] == [None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]  # vMerge continue
    t2 = [r.cells for r in docx_doc.rows if r.table == 0]
    assert ["行政强制", "", None, None] in t2  # a blank cell is "", its colspan is None


def test_docx_through_mapper(docx_doc):
    assert _diff(_mapped(docx_doc), expected_cells()) == {}


def test_docx_nested_in_layout_table():
    doc = read(build_docx(nested_wrapper=True), "wrapped.docx")
    assert doc.rows[0].cells == [TITLE]
    assert [r.cells[0] for r in doc.rows if r.table is None][:4] == [TITLE, *NARRATIVE_BEFORE]
    t4 = [r.cells for r in doc.rows if r.table is not None and len(r.cells) == 15]
    assert t4[-1] == T4_VALUES
    assert _diff(_mapped(doc), expected_cells()) == {}


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def test_docx_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-42", encoding="utf-8")
    data = build_docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    decl, rest = xml.split("?>", 1)
    evil = (
        decl + "?>"
        + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY lol "LOLLOL">]>'
        + rest.replace(TITLE, TITLE + "&xxe;&lol;", 1)
    )
    doc = read(_rezip(data, {"word/document.xml": evil.encode("utf-8")}), "evil.docx")
    assert "TOPSECRET" not in doc.text
    assert "LOLLOL" not in doc.text
    assert any(i.code == "docx.dtd_ignored" for i in doc.issues)
    assert doc.rows[0].cells[0].startswith(TITLE)


def _bomb(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml", "w") as fh:
            chunk = b"\0" * (1 << 20)
            for _ in range(110):
                fh.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_zip_bomb_is_refused_before_inflating(kind):
    data = _bomb(kind)
    assert len(data) < 1_000_000
    with pytest.raises(UnreadableError) as err:
        read(data, f"bomb.{kind}")
    assert err.value.code == "unreadable.zip_bomb"
    assert "bytes" in err.value.message


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_not_a_package_is_corrupt(suffix):
    with pytest.raises(UnreadableError) as err:
        read(b"hello, this is plain text", "x" + suffix)
    assert err.value.code == "unreadable.corrupt"


def test_encrypted_office_file_is_reported():
    # an encrypted OOXML file is an OLE2 container holding an "EncryptedPackage" stream
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    with pytest.raises(UnreadableError) as err:
        read(data, "locked.docx")
    assert err.value.code == "unreadable.encrypted"


def test_docx_tabs_breaks_and_deleted_text():
    import docx

    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("规章\t0\t0\t0")
    p2 = d.add_paragraph()
    r = p2.add_run("第一行")
    r.add_break()
    p2.add_run("第二行")
    buf = io.BytesIO()
    d.save(buf)
    xml = zipfile.ZipFile(io.BytesIO(buf.getvalue())).read("word/document.xml").decode()
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert W in xml
    deleted = '<w:p><w:r><w:t>保留</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del></w:p>'
    xml = xml.replace("<w:sectPr", deleted + "<w:sectPr", 1)
    doc = read(_rezip(buf.getvalue(), {"word/document.xml": xml.encode()}), "t.docx")
    assert [r.cells for r in doc.rows] == [["规章", "0", "0", "0"], ["第一行"], ["第二行"], ["保留"]]


# --------------------------------------------------------------------------- XLSX


@functools.cache
def build_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年度报告"
    row = 1

    def text(t):
        nonlocal row
        ws.cell(row=row, column=1, value=t)
        row += 1

    def table(spec):
        nonlocal row
        grid, merges = layout(spec)
        for r, cells in enumerate(grid):
            for c, t in enumerate(cells):
                if t is None or t == "":
                    continue
                value: object = t
                if t.replace(".", "", 1).isdigit():
                    value = float(t) if "." in t else int(t)
                ws.cell(row=row + r, column=c + 1, value=value)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
        row += len(grid)

    ws.cell(row=row, column=1, value=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    row += 1
    for t in NARRATIVE_BEFORE:
        text(t)
    table(T2)
    row += 1  # an empty sheet row between tables
    for t in NARRATIVE_T3:
        text(t)
    table(T3)
    for t in NARRATIVE_T4:
        text(t)
    table(T4)
    for t in NARRATIVE_AFTER:
        text(t)
    ws2 = wb.create_sheet("数字")
    ws2.append(["浮点", 3.0, 12.5, 0.1 + 0.2, 7])
    ws2.append(["公式", "=1+1"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def xlsx_doc():
    return read(build_xlsx(), "report.xlsx")


def test_xlsx_rows_sheets_and_merges(xlsx_doc):
    assert xlsx_doc.format == "xlsx"
    first = xlsx_doc.rows[0]
    assert first.cells[:4] == [TITLE, None, None, None] and first.table == 0
    t3 = layout(T3)[0]
    body = [r.cells[: len(t3[0])] for r in xlsx_doc.rows]
    # the first data row of table 3, its rowspan label and covered positions
    assert ["一、本年新收政府信息公开申请数量", None, None, "12", "1", "0", "0", "0", "0", "13"] in body
    start = body.index(["三、本年度办理结果", "（一）予以公开", None, "5", "1", "0", "0", "0", "0", "6"])
    assert body[start + 1][:2] == [None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    blank_row = next(r for r in xlsx_doc.rows if r.cells[0] == "行政强制")
    assert blank_row.cells[:4] == ["行政强制", "", None, None]
    assert [r.line for r in xlsx_doc.rows] == list(range(1, len(xlsx_doc.rows) + 1))
    assert TITLE in xlsx_doc.text.splitlines()


def test_xlsx_numbers_without_spurious_decimals(xlsx_doc):
    sheet2 = [r for r in xlsx_doc.rows if r.table == 1]
    assert sheet2[0].cells == ["浮点", "3", "12.5", "0.3", "7"]
    # a formula written by openpyxl has no cached value: blank, never the formula's text;
    # every row of a sheet spans the sheet's used width
    assert sheet2[1].cells == ["公式", "", "", "", ""]


def test_xlsx_through_mapper(xlsx_doc):
    assert _diff(_mapped(xlsx_doc), expected_cells()) == {}


def test_xlsx_with_dtd_is_refused():
    data = build_xlsx()
    name = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")
    evil = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + xml
    if xml.startswith("<?xml"):
        decl, rest = xml.split("?>", 1)
        evil = decl + "?>" + '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + rest
    with pytest.raises(UnreadableError) as err:
        read(_rezip(data, {name: evil.encode()}), "evil.xlsx")
    assert err.value.code == "unreadable.corrupt" and "DTD" in err.value.message


def test_number_text():
    assert number_text(3.0) == "3"
    assert number_text(12.5) == "12.5"
    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(7545) == "7545"
    assert number_text(-2.0) == "-2"
    assert number_text(1e-7) == "0.0000001"
    assert number_text(123456789.25) == "123456789.25"
    assert number_text(1.5e20) == "150000000000000000000"
    assert number_text(float("nan")) == "nan"


# --------------------------------------------------------------------------- XLS (BIFF)

XLS_FIXTURE = FIXTURES / "merged.xls"


def test_xls_merged_cells_and_numbers():
    doc = read(XLS_FIXTURE.read_bytes(), str(XLS_FIXTURE))
    assert doc.format == "xlsx"
    rows = [(r.table, r.cells) for r in doc.rows]
    assert rows == [
        (0, ["第二十条第（一）项", None, None, None]),
        (0, ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]),
        (0, ["规章", "0", "0", "0"]),
        (0, ["行政规范性文件", "3", "", "8"]),
        (0, ["行政事业性收费", "12.5", None, None]),
        (1, ["三、本年度办理结果", "（一）予以公开", "50"]),
        (1, [None, "（二）部分公开", "9"]),
    ]

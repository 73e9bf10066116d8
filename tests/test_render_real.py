"""The crawler-made renderings of ingest/generator/render_real.py (no external tool needed):
every figure of the truth is printed where that rendering puts it, and nothing else changes."""

from __future__ import annotations

import random

import pytest

from ingest import codes as C
from ingest.generator.render_common import display_width, draw_style, fmt_value, postprocess
from ingest.generator.render_real import KINDS, fixed_columns, flatten_pipes, html_page, run_together
from ingest.generator.truth import make_truth

SEEDS = (3, 11, 29, 47)


def _truth_style(seed: int, kind: str):
    t = make_truth(seed)
    style = draw_style(t, kind, KINDS[kind])
    style.traditional = style.kangxi = False
    return t, style


def _t3_values(t, style, outcome: str) -> list[str]:
    return [fmt_value(*t.t3[outcome][a], style) for a in C.APPLICANTS]


@pytest.mark.parametrize("seed", SEEDS)
def test_run_together_glues_each_row_without_separators(seed):
    t, style = _truth_style(seed, "run_together")
    text, _ = run_together(html_page(t, style), t, random.Random(seed))
    assert "\t" not in text and " | " not in text
    for outcome, label in (("new_received", "一、本年新收政府信息公开申请数量"),
                           ("carried_forward", "四、结转下年度继续办理")):
        assert postprocess(label, style) + "".join(_t3_values(t, style, outcome)) in text
    t4 = "".join(fmt_value(*t.t4[c], style) for c in C.T4_CELLS)
    assert "尚未审结总计" + t4 in text.replace("尚未 审结", "尚未审结").replace("结果 ", "结果").replace("其他 ", "其他")


@pytest.mark.parametrize("seed", SEEDS)
def test_flattened_pipes_keep_every_value_in_order(seed):
    t, style = _truth_style(seed, "pipes_flattened")
    text, info = flatten_pipes(html_page(t, style), random.Random(seed))
    line = next(ln for ln in text.splitlines() if "本年新收政府信息公开申请数量" in ln)
    fields = [f.strip() for f in line.split("|")]
    assert line.endswith("|")
    assert line.startswith("|") == (info["leading_pipe"] == "merged_drop")  # a full row keeps its pipe
    assert [f for f in fields if f] == [postprocess("一、本年新收政府信息公开申请数量", style)] + [
        v for v in _t3_values(t, style, "new_received") if v]
    if info["padding_pipes"]:
        assert "|||" in line  # the label spans three columns: two padding fields


@pytest.mark.parametrize("seed", SEEDS)
def test_fixed_columns_wrap_headers_and_right_align_values(seed):
    t, style = _truth_style(seed, "fixed_columns")
    style.split_headers = False
    text, info = fixed_columns(t, style, random.Random(seed))
    lines = text.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.count("结果") >= 3 and "行政" not in ln)
    top, bottom = lines[i], lines[i + 1]
    assert "维持" in bottom and "结果维持" not in text  # 结果 over 维持, never on one line
    col = display_width(bottom[:bottom.index("维持")])
    assert any(display_width(top[:k]) == col for k in range(len(top)) if top.startswith("结果", k))
    values = [fmt_value(*t.t4[c], style) for c in C.T4_CELLS]
    if all(values):
        assert next(ln for ln in lines[i:] if ln.split() == values)
    row = next(ln for ln in lines if ln.startswith(postprocess("一、本年新收", style)))
    assert row.split()[1:] == [v for v in _t3_values(t, style, "new_received") if v]
    assert info["value_width"] == 5 and top


def _docx_with(*paragraphs: str) -> bytes:
    import io

    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_lost_text_is_what_the_pdf_does_not_print_wherever_lines_wrap():
    from ingest.generator.render_real import lost_text

    source = _docx_with("一、本年新收政府信息公开申请数量", "2,291 & 207", "规章 - 3")
    # pdftotext -layout: the label wrapped, cells read in another order, spaces anywhere
    assert lost_text(source, "规章   -   3\n一、本年新收政府信息公开申请数\n  量    2,291  &  207\n- 1 -") == ""
    # LibreOffice left the wrapped rest of a row at the page's foot out (`2,29`, no 量)
    assert lost_text(source, "一、本年新收政府信息公开申请数 2,29 & 207\n规章 - 3") == "1量"


def test_whole_rows_page_keeps_every_row_from_splitting_and_repeats_table3_header():
    import io
    import re
    import zipfile

    from ingest.generator.render_office import DocxPage, render_docx

    t, style = _truth_style(3, "lo_pdf_ruled")

    def rows(page: DocxPage) -> list[str]:
        data, _ = render_docx(t, style, page)
        xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
        return re.findall(r"<w:tr>(?:<w:trPr>.*?</w:trPr>)?", xml)

    plain = rows(DocxPage())
    assert plain and not any("cantSplit" in r or "tblHeader" in r for r in plain)
    whole = rows(DocxPage(whole_rows=True, header_rows=3))
    assert len(whole) == len(plain) and all("<w:cantSplit/>" in r for r in whole)
    assert sum("<w:tblHeader/>" in r for r in whole) == 3  # table 3's three header rows only

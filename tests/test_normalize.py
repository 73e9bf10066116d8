"""Property tests for the normalisers: numbers in every printed form, labels, never raising."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ingest.normalize import (
    _trad_only_chars,
    nfkc,
    nfkc_text,
    norm_label,
    parse_value,
    to_simplified,
    traditional_share,
)

FULLWIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(["", "件", "条", "万元", " 件"]),
       st.booleans(), st.booleans())
def test_integers_in_every_printed_form(n, unit, thousands, fullwidth):
    text = f"{n:,}" if thousands else str(n)
    text += unit
    if fullwidth:
        text = text.translate(FULLWIDTH)
    assert parse_value(text) == (n, "number")


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_decimals(d):
    value, state = parse_value(str(d))
    assert state == "number" and abs(value - float(d)) < 1e-9


@given(st.sampled_from(["/", "／", "—", "-", "无", "——", " / "]))
def test_not_applicable_marks(text):
    assert parse_value(text) == (None, "not_applicable")


@given(st.text(alphabet=" \t\u3000", max_size=5))
def test_whitespace_is_blank(text):
    assert parse_value(text) == (None, "blank")


@given(st.text(max_size=80))
def test_never_raises_and_label_key_is_idempotent(text):
    parse_value(text)
    key = norm_label(text)
    assert norm_label(key) == key


def test_label_variants_reduce_to_one_key():
    assert norm_label("（二）部分公开（区分处理的，只计这一情况，不计其他情况）").startswith("部分公开")
    assert norm_label("三 、本 年 度办 理 结果") == "本年度办理结果"
    assert norm_label("規(guī)章") == "規章"
    assert norm_label("⼆、主动公开政府信息情况") == "主动公开政府信息情况"
    assert norm_label("第二十条 第(一)项") == norm_label("第二十条第（一）项")


# Full-width forms, combining marks, Kangxi radicals, compatibility ideographs, Hangul jamo
# and plain CJK: the characters where NFKC composes, decomposes or reorders.
_NFKC_HARD = st.text(alphabet=st.sampled_from(
    list("，：（）／０９ａ　abcAe\u0301\u0323\u0302\u3099\u304b\u1100\u1161\u11a8\u2f00\u2f08\uf900\ufb01"
         "\u2460\u00a0\u00bd\u212b\u03d3年报告規章\U0002f800\n")), max_size=60)


@given(st.one_of(st.text(max_size=200), _NFKC_HARD))
def test_nfkc_text_is_nfkc(text):
    assert nfkc_text(text) == nfkc(text)


def test_nfkc_text_folds_wide_digits_and_radicals_line_by_line():
    # a line of full-width digits and Kangxi radicals (the generator's variants), a line with a
    # combining mark after a full-width letter (composed after the fold), a line left as it is
    assert nfkc_text("⼆、申请数量 １２ ０／３\nＡ\u030a ⼀\n规章 5") == "二、申请数量 12 0/3\nÅ 一\n规章 5"


_TRAD = sorted(_trad_only_chars())


@given(st.text(alphabet=st.sampled_from(_TRAD[:40] + _TRAD[-5:] + list("报告本机关年度ab 1\U0002a6a5")), max_size=60))
def test_traditional_share_counts_distinct_characters(text):
    chars = set(text)
    cjk = sum(1 for ch in chars if "\u4e00" <= ch <= "\u9fff")
    expected = len(chars & _trad_only_chars()) / cjk if cjk else 0.0
    assert traditional_share(text) == expected


@given(st.text(alphabet=st.sampled_from(_TRAD[:30] + list("發佈與資訊 \n\t　，。-本機關年度報告電子郵件\r")), max_size=80))
def test_to_simplified_line_by_line_is_openccs_conversion(text):
    from opencc import OpenCC

    assert to_simplified(text) == OpenCC("t2s").convert(text)

"""Who and when, from every place a page states them (ingest.metadata): hand-written cases of the
title variants and the other places seen on real pages; a fragment is never a body."""

from __future__ import annotations

import json

import pytest

from ingest.metadata import read_metadata
from ingest.parse import parse_bytes

WUHAN = "武汉市东湖生态旅游风景区管理委员会卫生健康办公室"
INTRO = "本报告根据《中华人民共和国政府信息公开条例》要求编制。"


def _read(text: str, path: str = "report.txt"):
    meta = read_metadata(text, path)
    return meta.agency, meta.agency_source, meta.year, meta.year_source


@pytest.mark.parametrize(("title", "agency", "year"), [
    ("赣县区商务局2024年政府信息公开工作年度报告", "赣县区商务局", 2024),
    ("平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", 2024),  # 年度
    ("洪山区民政局2023年政府信息公开年度报告", "洪山区民政局", 2023),  # without 工作
    ("洪山区民政局2023年度政府信息公开年度报告", "洪山区民政局", 2023),
    ("赣县区商务局 2024 年政府信息公开工作 年度报告", "赣县区商务局", 2024),  # spaced
    ("2023年度南昌市西湖区人民政府政府信息公开工作年度报告", "南昌市西湖区人民政府", 2023),  # year first
    ("洪山区民政局政府信息公开工作年度报告（2023年度）", "洪山区民政局", 2023),  # year after
    ("武汉市东湖生态旅游风景区管理委员会 卫生健康办公室2023年政府信息公开工作年度报告", WUHAN, 2023),
    ("# 本溪市财政局2022年政府信息公开工作年度报告", "本溪市财政局", 2022),  # 本 of 本溪, not a pronoun
    ("将乐县人民政府2022年政府信息公开工作年度报告", "将乐县人民政府", 2022),
    ("全州县教育局2022年政府信息公开工作年度报告", "全州县教育局", 2022),
    ("2024-01-05 洪山区民政局2023年政府信息公开工作年度报告", "洪山区民政局", 2023),
])
def test_title_variants(title, agency, year):
    assert _read(f"{title}\n{INTRO}\n一、总体情况") == (agency, "title", year, "title")


def test_a_title_wrapped_over_two_lines():
    text = f"{WUHAN}2023年政府信息公开\n工作年度报告\n{INTRO}"
    assert _read(text) == (WUHAN, "title", 2023, "title")
    assert _read(f"洪山区民政局\n2023年政府信息公开工作年度报告\n{INTRO}") == ("洪山区民政局", "title", 2023, "title")


def test_a_crawlers_header():
    text = ("标题: 平潭综合实验区2025年度政府信息公开工作年度报告\n发布时间: 2026-03-10 12:56\n文号: \n"
            "发布机构: 平潭综合实验区管委会办公室\n栏目: 政府信息公开年报\n==================== 正文 ====================\n"
            f"{INTRO}一、总体情况 2025年，平潭综合实验区坚持……")
    meta = read_metadata(text, "page.txt")
    assert (meta.agency, meta.agency_source, meta.year, meta.year_source) == (
        "平潭综合实验区", "crawler_title", 2025, "crawler_title")
    assert meta.issues == []  # the publisher (an office of the body) is no disagreement


def test_a_breadcrumb_ending_in_the_title():
    text = ("您当前所在的位置: 首页 > 政务公开 > 政府信息公开年报 > 洪山区民政局2023年政府信息公开工作年度报告\n"
            f"分享到:\n浏览量: 35\n{INTRO}")
    assert _read(text) == ("洪山区民政局", "breadcrumb", 2023, "breadcrumb")


def test_a_breadcrumb_naming_the_body_before_the_annual_report_crumb():
    text = (f"当前位置：首页 > 信息公开 > 洪山区民政局 > 政府信息公开年报\n{INTRO}\n"
            "本报告所列数据统计期限为2023年1月1日至2023年12月31日。")
    assert _read(text) == ("洪山区民政局", "crumb", 2023, "period")


def test_a_fragment_is_never_the_body():
    text = f"根据《条例》要求，现将我镇2023年政府信息公开工作年度报告公布如下：\n一、总体情况\n2023年，我镇……"
    meta = read_metadata(text, "page.txt")
    assert (meta.agency, meta.year, meta.year_source) == (None, 2023, "sentence")
    assert [i.code for i in meta.issues] == ["no_agency", "year_from_sentence"]


@pytest.mark.parametrize("text", [
    "本机关2023年政府信息公开工作年度报告", "我区2023年政府信息公开工作年度报告", "办公室2023年政府信息公开工作年度报告",
    "根据《洪山区人民政府办公室关于做好2023年政府信息公开工作年度报告编制工作的通知》要求",
    "洪山区人民政府门户网站\n2023年政府信息公开工作年度报告", "2023年全区政府信息公开工作年度报告",
])
def test_pronouns_and_bare_offices_are_no_body(text):
    assert read_metadata(text, "x.txt").agency is None


def test_a_sentence_naming_the_body_and_the_closing_signature():
    text = ("根据《条例》要求，现将洪山区民政局2023年政府信息公开工作年度报告公布如下：\n一、总体情况\n……\n"
            "六、其他需要报告的事项\n无。\n洪山区民政局\n2024年1月15日")
    assert _read(text) == ("洪山区民政局", "sentence", 2023, "sentence")
    text = text.replace("洪山区民政局2023年", "我局2023年")
    meta = read_metadata(text, "page.txt")
    assert (meta.agency, meta.agency_source, meta.year) == ("洪山区民政局", "signature", 2023)
    assert [i.code for i in meta.issues] == ["agency_from_signature", "year_from_sentence"]


def test_the_signature_alone_gives_body_and_year():
    text = f"{INTRO}\n一、总体情况\n……\n洪山区民政局 2024年1月15日"
    assert _read(text) == ("洪山区民政局", "signature", 2023, "signature_date")


def test_the_signature_completes_a_title_that_names_only_the_office():
    text = f"卫生健康办公室2023年政府信息公开工作年度报告\n{INTRO}\n……\n{WUHAN}\n2024年1月20日"
    meta = read_metadata(text, "page.txt")
    assert (meta.agency, meta.agency_source, meta.year_source) == (WUHAN, "signature", "title")
    assert [i.code for i in meta.issues] == ["agency_completed", "agency_from_signature"]


def test_a_signature_naming_another_body_is_a_finding():
    text = f"洪山区民政局2023年政府信息公开工作年度报告\n{INTRO}\n……\n洪山区人民政府\n2024年1月20日"
    meta = read_metadata(text, "page.txt")
    assert meta.agency == "洪山区民政局"
    assert [i.code for i in meta.issues] == ["agency_disagreement"]


def test_the_publisher_and_the_publication_date():
    text = f"来源：平潭综合实验区管委会办公室时间：2025-03-10 15:35\n{INTRO}\n一、总体情况"
    assert _read(text) == ("平潭综合实验区管委会办公室", "publisher", 2024, "publication_date")
    text = f"发布机构: 洪山区民政局\n发布时间: 2024-01-31 09:00\n{INTRO}"
    assert _read(text) == ("洪山区民政局", "publisher", 2023, "publication_date")


def test_the_file_name_and_the_statistics_period():
    text = f"{INTRO}本报告所列数据统计期限为2024年1月1日至2024年12月31日。"
    assert _read(text, "洪山区民政局2024年政府信息公开工作年度报告.txt") == (
        "洪山区民政局", "file_name", 2024, "period")  # the text's statement before the file name's
    assert _read(text, "report.txt") == (None, None, 2024, "period")
    assert _read(INTRO, "洪山区民政局2024年政府信息公开工作年度报告.txt") == (
        "洪山区民政局", "file_name", 2024, "file_name")


def test_a_title_year_against_the_statistics_period_is_a_finding():
    text = f"洪山区民政局2023年政府信息公开工作年度报告\n本报告所列数据统计期限为2024年1月1日至2024年12月31日。"
    meta = read_metadata(text, "x.txt")
    assert meta.year == 2023 and [i.code for i in meta.issues] == ["year_disagreement"]


def test_no_place_states_anything():
    meta = read_metadata("一、总体情况\n我镇认真落实政务公开工作。", "x.txt")
    assert (meta.agency, meta.year) == (None, None)
    assert [i.code for i in meta.issues] == ["no_agency", "no_year"]


def test_an_html_pages_declared_title_and_the_json_fields():
    page = ("<html><head><title>洪山区民政局2023年政府信息公开工作年度报告_年报_洪山区人民政府</title></head>"
            "<body><p>首页</p><p>一、总体情况</p><p>2023年，我局认真落实……</p></body></html>")
    report = json.loads(json.dumps(parse_bytes(page.encode("utf-8"), "page.html").to_dict()))["report"]
    assert (report["agency"], report["agency_source"], report["year"], report["year_source"]) == (
        "洪山区民政局", "page_title", 2023, "page_title")
    meta_first = page.replace("<title>", '<meta name="ArticleTitle" content="洪山区财政局2023年政府信息公开工作年度报告"><title>')
    assert parse_bytes(meta_first.encode("utf-8"), "page.html").meta.agency == "洪山区财政局"


def test_a_sidebar_link_to_another_years_report_yields_to_the_pages_declared_title():
    page = ("<html><head><meta name='ArticleTitle' content='洪山区民政局2023年政府信息公开工作年度报告'></head><body>"
            "<p>相关链接</p><p>洪山区民政局2022年政府信息公开工作年度报告</p>"
            "<h1>洪山区民政局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>")
    meta = parse_bytes(page.encode("utf-8"), "page.html").meta
    assert (meta.agency, meta.agency_source, meta.year, meta.year_source) == ("洪山区民政局", "title", 2023, "title")

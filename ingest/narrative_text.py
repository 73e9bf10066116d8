"""The text of narrative sections 一 (overview), 五 (problems) and 六 (other matters), cleaned of
page chrome: page numbers (`- 3 -`, `第3页 共9页`, `3/9`), lines repeated as running headers or
footers, and the lines a web crawler or a site adds (打印本页, 发布时间:, 来源:, 浏览次数 ...).

A section is `None` when its heading was not found: never located is not the same as empty.
Headings are matched anywhere on a line (crawled pages run the whole report into one line);
the last occurrence counts, after a table of contents that may list the same headings.
"""

from __future__ import annotations

import re
from collections import Counter

# (code, numeral) of the sections kept as text, in printed order; the codes of raw.narrative_sections
SECTIONS: tuple[tuple[str, str], ...] = (("overview", "一"), ("problems", "五"), ("other", "六"))

def _numbered(numeral: str) -> str:
    return rf"[（(]?{numeral}\s*[)）、.．]+\s*"


_HEADINGS = {
    "overview": re.compile(_numbered("一") + r"总\s*体\s*情\s*况"),
    "problems": re.compile(_numbered("五") + r"(?:政府信息公开工作)?存\s*在\s*的?\s*主\s*要\s*问\s*题"
                           r"(?:\s*(?:及|和)\s*改\s*进\s*(?:情\s*况|措\s*施))?"),
    "other": re.compile(_numbered("六") + r"其\s*他\s*需\s*要\s*报\s*告\s*的?\s*事\s*项"),
}
# where section 一 ends: the heading of section 二
_OVERVIEW_END = re.compile(_numbered("二") + r"主\s*动\s*公\s*开")

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–_]\s*\d{1,3}\s*[-—–_]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$")
_CRAWLER = re.compile(
    r"打印本页|关闭窗口|【\s*(?:打印|关闭|返回顶部|收藏)\s*】|分享到|浏览次数|阅读次数|访问量|点击数|字号\s*[:：]|"
    r"^(?:发布时间|发布日期|来源|信息来源|责任编辑|文号|发布机构|栏目|原文链接|本地目录)\s*[:：]|扫一扫|"
    r"页面链接与图片详见|^=+\s*正文\s*=+$")
# a web page's own footer after the report: the section stops at its first line
_SITE_FOOTER = re.compile(
    r"^(?:附件下载|关闭|返回顶部|友情链接|网站地图|相关链接|相关文章|主办单位|版权所有|上一篇|下一篇|文字解读|图片解读)"
    r"|ICP备|网站标识码")
_REPEATED_MIN = 3  # a line printed this often in one document is a running header or footer


def narrative_sections(text: str) -> dict[str, str | None]:
    """section code -> its cleaned text ("" when the heading is there and nothing follows it),
    or None when the heading was not found."""
    repeated = _repeated_lines(text)
    starts = {code: _last(pattern, text) for code, pattern in _HEADINGS.items()}
    out: dict[str, str | None] = {}
    for code, _ in SECTIONS:
        m = starts[code]
        if m is None:
            out[code] = None
            continue
        if code == "overview":
            end_m = _OVERVIEW_END.search(text, m.end())
            end = end_m.start() if end_m else len(text)
        elif code == "problems":
            later = starts["other"]
            end = later.start() if later is not None and later.start() > m.end() else len(text)
        else:
            end = len(text)
        out[code] = clean(text[m.end():end], repeated)
    return out


def section_chars(text: str | None) -> int | None:
    """The length of a section: its characters, line breaks not counted."""
    return None if text is None else len(text.replace("\n", ""))


def clean(body: str, repeated: frozenset[str] = frozenset()) -> str:
    """Lines of `body` without page chrome, stripped, blank ones dropped, joined by newlines."""
    lines = []
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if _SITE_FOOTER.search(line):
            break
        if not line or line in repeated or _PAGE_NUMBER.match(line) or _CRAWLER.search(line):
            continue
        lines.append(line)
    return "\n".join(lines)


def _repeated_lines(text: str) -> frozenset[str]:
    counts = Counter(line.strip() for line in text.splitlines())
    return frozenset(line for line, n in counts.items() if n >= _REPEATED_MIN and len(line) >= 4)


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):
        pass
    return found

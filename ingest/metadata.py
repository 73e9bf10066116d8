"""Who reports and for which year, from every place a report states them, saying which place.

Body, most trusted place first (`agency_source`):

  title          a line `<body><year>年(度)政府信息公开(工作)(年度)报告`, also year first or after,
                 spaced, wrapped over two lines, or with a space between a parent body and its
                 office (`武汉市东湖生态旅游风景区管理委员会 卫生健康办公室2023年…`)
  crawler_title  a crawler's `标题:` line holding such a title
  page_title     the page's declared title (HTML <title>, meta ArticleTitle)
  breadcrumb     a breadcrumb trail (`当前位置：首页 > … > <title>`) ending in such a title
  sentence       such a title inside running text (`现将XX局2023年政府信息公开工作年度报告公布如下`)
  signature      the closing signature: a body's name on the line before the date
  crumb          a breadcrumb naming a body before the 年报 crumb
  publisher      a crawler's `发布机构:`, a page's `来源：`
  file_name      the file's name

A name that is a fragment (`现将我镇`, `我镇`, `本机关`, a bare `办公室`) is no body: where no place
states one, the body stays None with a finding. A title that names only the office
(`卫生健康办公室`) is completed from a place naming the whole body that ends with it.

Year (`year_source`): the title, else the statistics period (`统计期限为2024年1月1日至…`), the
file name, the signature's date or the publication date (a report dated in the first half
of Y is the report of Y-1), the year the text mentions most. Every place but a title is a
finding.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import PurePath

from ingest.model import Issue

_SP = r"[ \t\u3000]*"
_REPORT = (rf"政{_SP}府{_SP}信{_SP}息{_SP}公{_SP}开{_SP}(?:工{_SP}作{_SP})?(?:年{_SP}度{_SP})?(?:工{_SP}作{_SP})?"
           rf"(?:年{_SP}度{_SP})?报{_SP}告")
_NOT_NAME = r"#*>《》\"“”：:，,。；;、|｜_()（）\[\]【】<>»\n"  # never inside a body's name
_NAME = rf"(?P<agency>[^\s{_NOT_NAME}][^{_NOT_NAME}]{{1,60}}?)"
_YEAR = rf"[（(]?{_SP}(?P<year>20\d\d){_SP}年{_SP}度?{_SP}[）)]?{_SP}(?:度{_SP})?"
_TITLES = (
    re.compile(rf"{_NAME}{_SP}{_YEAR}{_REPORT}"),  # <body><year>年…报告
    re.compile(rf"(?P<year>20\d\d){_SP}年{_SP}度?{_SP}(?P<agency>[^\s{_NOT_NAME}\d][^{_NOT_NAME}\d]{{1,60}}?){_SP}{_REPORT}"),
    re.compile(rf"{_NAME}{_SP}{_REPORT}{_SP}[（(]{_SP}(?P<year>20\d\d){_SP}年?{_SP}度?{_SP}[）)]"),  # …报告（2023年度）
)
# how a body's name ends (str.endswith: a regex `(?:…)$` tried at every position was slower)
_SUFFIXES = ("人民政府", "政府", "办公室", "办公厅", "办事处", "委员会", "管委会", "管理委员会", "局", "委", "办", "厅",
             "署", "院", "中心", "街道", "镇", "乡", "苏木", "区", "县", "市", "州", "盟", "旗", "省", "部", "处", "科",
             "所", "站", "队", "会", "社", "馆", "行", "组", "关", "校", "公司", "团")
_GENERIC = frozenset({"人民政府", "政府", "办公室", "办公厅", "委员会", "管委会", "管理委员会", "办事处", "街道办事处",
                      "信息公开", "政府信息公开", "政务公开"})
_LEAD = re.compile(r"^(?:关于|现将|特将|兹将|现就|特此|根据|按照|依据|印发|发布|公布|转发|编制)+")
_PRONOUN = re.compile(r"^(?:我|本|该|贵)(?:单位|机关|部门|系统|局|镇|乡|街道|区|县|市|省|州|委|办|厅|署|院|中心|所|站|会|府)"
                      r"|^[全各](?:区|县|市|省|州|盟|旗|镇|乡|街道)$")  # 全州县 is a county, 全区 no body
_NOT_IN_NAME = re.compile(r"[0-9了的是年]|关于|做好|通知|网站|门户")
_CRAWLER_TITLE = re.compile(r"^\s*标题\s*[:：]")
_BREADCRUMB = re.compile(r"当前位置|所在位置|您的位置|>|＞|»")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|»|›)\s*")
_ANNUAL_CRUMB = re.compile(r"年报|年度报告")
_PUBLISHER = re.compile(r"^\s*(?:发布机构|发布单位|发文机关|信息来源|来源)\s*[:：]\s*(?P<name>[^\s:：|｜]+)")
_AFTER_PUBLISHER = re.compile(r"(?:发布时间|发布日期|时间|日期|作者|浏览|点击|字号).*$")
_DATE = r"(?P<y>20\d\d)\s*(?:年\s*(?P<m>\d{1,2})\s*月\s*\d{1,2}\s*日|[-./](?P<m2>\d{1,2})[-./]\d{1,2})"
_DATE_LINE = re.compile(rf"^\s*{_DATE}\s*$")
_NAME_AND_DATE = re.compile(rf"^\s*(?P<name>[^\s{_NOT_NAME}\d]{{2,40}})\s+{_DATE}\s*$")
_PUBLISHED = re.compile(rf"(?:发布时间|发布日期|成文日期|时间)\s*[:：]\s*{_DATE}")
_PERIOD = re.compile(r"(?:统计期限|统计期间|统计时限|统计区间)\D{0,6}(20\d\d)\s*年\s*1\s*月\s*1\s*日\D{1,4}(20\d\d)\s*年\s*12\s*月\s*31\s*日")
_YEAR_IN_TEXT = re.compile(r"(20[12]\d)\s*年")
_HEAD_LINES, _HEAD_CHARS, _TAIL_CHARS, _TAIL_LINES = 80, 8000, 3000, 30
_TITLE_SPAN = 300  # a title, or the sentence naming it, starts its line
_BLANKS = re.compile(r"[ \t\u3000]+")
_NOT_TITLE_TEXT = re.compile(r"[\s#*>《》\"“”（）()【】\[\]]|全文|正文")  # what a title line may hold besides the title
_PUNCTUATION = re.compile(r"[。；;：:，,]")  # a line holding it is a sentence, not a name


@dataclass(frozen=True, slots=True)
class Statement:
    """A value and the place of the document that states it."""

    value: str | int
    place: str
    line: str = ""


@dataclass(slots=True)
class Metadata:
    agency: str | None = None
    agency_source: str | None = None
    year: int | None = None
    year_source: str | None = None
    title: str | None = None
    issues: list[Issue] = field(default_factory=list)


def body_name(text: str) -> str | None:
    """The body's name in `text`, or None when `text` is no name (a fragment, a pronoun, a bare office).

    Parts split by spaces are joined when the earlier ones are bodies themselves (a parent
    body before its office); other text before the last part is not the name.
    """
    parts = [p.strip("“”\"'《》()（）[]【】:：,，") for p in _BLANKS.split(text.strip())]
    parts = [p for p in parts if p]
    if not parts:
        return None
    kept = [parts[-1]]
    for part in reversed(parts[:-1]):
        if _valid(part):
            kept.insert(0, part)
        else:
            break
    name = _LEAD.sub("", "".join(kept))
    return name if _valid(name) else None


def _valid(name: str) -> bool:
    """A body's name: ends as bodies' names do, and is no pronoun, bare office or phrase."""
    return (2 <= len(name) <= 60 and name not in _GENERIC and name.removesuffix("\n").endswith(_SUFFIXES)
            and not _PRONOUN.match(name) and not _NOT_IN_NAME.search(name))


@lru_cache(maxsize=1024)
def _title_in(line: str) -> tuple[str | None, int, str] | None:
    """(body or None, year, the matched title) of the first title phrase in `line`'s start.
    Cached: title_statements asks twice for each line before the first title."""
    if "告" not in line or "开" not in line:
        return None  # no "…公开…报告": no pattern can match (a failing search is slow)
    line = line[:_TITLE_SPAN]
    for pattern in _TITLES:
        m = pattern.search(line)
        if m:
            return body_name(m.group("agency")), int(m.group("year")), m.group(0).strip()
    return None


def _title_place(line: str, matched: str) -> str:
    if _CRAWLER_TITLE.match(line):
        return "crawler_title"
    if _BREADCRUMB.search(line):
        return "breadcrumb"
    rest = line.replace(matched, "", 1)
    rest = _NOT_TITLE_TEXT.sub("", rest)
    return "title" if len(rest) <= 4 else "sentence"


def title_statements(lines: list[str], place: str | None = None, wanted: frozenset = frozenset()
                     ) -> tuple[list[Statement], list[Statement], str | None]:
    """(bodies, years, the first title) stated by title phrases in `lines`: a line, else two
    consecutive lines joined (a title wrapped over two lines). Stops at the first line placed
    `title` that names a body (and the year in `wanted`, when given: the page's own report)."""
    bodies: list[Statement] = []
    years: list[Statement] = []
    title = None
    for line in _lines_then_pairs(lines):
        found = _title_in(line)
        if found is None:
            continue
        agency, year, matched = found
        where = place or _title_place(line[:_TITLE_SPAN], matched)
        title = title or line.strip().lstrip("#*> ").strip()
        years.append(Statement(year, where, line))
        if agency:
            bodies.append(Statement(agency, where, line))
            if where == "title" and (not wanted or year in wanted):
                break  # the most trusted place: the lines after it add nothing
    return bodies, years, title


def _lines_then_pairs(lines: list[str]):
    """Each line; then, when no line holds a title, two consecutive lines joined (a wrapped title)."""
    matched = False
    for line in lines:
        matched = matched or _title_in(line) is not None
        yield line
    if not matched:
        yield from (a + b for a, b in zip(lines, lines[1:]))


def _crumb_bodies(lines: list[str]) -> list[Statement]:
    found = []
    for line in lines:
        if not ("位置" in line or ">" in line or "＞" in line or "»" in line) or not _BREADCRUMB.search(line):
            continue
        crumbs = _CRUMB_SPLIT.split(line)
        annual = [i for i, c in enumerate(crumbs) if _ANNUAL_CRUMB.search(c)]
        if annual:
            for crumb in reversed(crumbs[: annual[0]]):
                name = body_name(crumb)
                if name:
                    found.append(Statement(name, "crumb", line))
                    break
    return found


def _publisher_bodies(lines: list[str]) -> list[Statement]:
    found = []
    for line in lines:
        m = _PUBLISHER.match(line)
        if m:
            name = body_name(_AFTER_PUBLISHER.sub("", m.group("name")))
            if name:
                found.append(Statement(name, "publisher", line))
    return found


def _report_year_of_date(m: re.Match) -> int | None:
    """A report dated in the first half of Y is the report of Y-1 (they are due by 31 January)."""
    month = int(m.group("m") or m.group("m2"))
    return int(m.group("y")) - 1 if 1 <= month <= 6 else None


def _signature(lines: list[str]) -> tuple[list[Statement], list[Statement]]:
    """(body, year) of the closing signature: a name line and a date line, or both on one line."""
    tail = lines[-_TAIL_LINES:]
    for i in range(len(tail) - 1, -1, -1):
        if "20" not in tail[i]:
            continue
        line = tail[i]
        m = _NAME_AND_DATE.match(line)
        name_line = m.group("name") if m else None
        if m is None:
            m = _DATE_LINE.match(line)
            if m is None or i == 0:
                continue
            name_line = tail[i - 1]
        name = body_name(name_line) if len(name_line) <= 40 and not _PUNCTUATION.search(name_line) else None
        year = _report_year_of_date(m)
        if name:
            return [Statement(name, "signature", name_line)], (
                [Statement(year, "signature_date", line)] if year else [])
    return [], []


def _period_years(text: str) -> list[Statement]:
    m = _PERIOD.search(text[:20000]) if "统计" in text[:20000] else None
    if m and m.group(1) == m.group(2):
        return [Statement(int(m.group(1)), "period", m.group(0))]
    return []


def _published_years(lines: list[str]) -> list[Statement]:
    for line in lines:
        m = _PUBLISHED.search(line) if ("时间" in line or "日期" in line) else None
        if m:
            year = _report_year_of_date(m)
            return [Statement(year, "publication_date", line)] if year else []
    return []


def from_path(path: str) -> tuple[str | None, int | None]:
    stem = PurePath(path).stem
    bodies, years, _ = title_statements([stem], "file_name")
    if years:
        return (bodies[0].value if bodies else None), years[0].value
    m = re.search(r"(20[12]\d)", stem)
    name = re.sub(r"[\d_\-\s.]+", "", stem)
    name = re.split(r"政府信息公开|年度报告", name)[0]
    agency = body_name(name) if name else None
    return agency, int(m.group(1)) if m else None


def year_from_text(text: str) -> int | None:
    years = Counter(int(y) for y in _YEAR_IN_TEXT.findall(text[:20000]))
    return years.most_common(1)[0][0] if years else None


_BODY_ORDER = ("title", "crawler_title", "page_title", "breadcrumb", "sentence", "signature", "crumb", "publisher",
               "file_name")
_YEAR_ORDER = ("title", "crawler_title", "page_title", "breadcrumb", "sentence", "period", "file_name",
               "signature_date", "publication_date")
_TITLE_PLACES = frozenset(_BODY_ORDER[:4])
# places whose longer name may complete a title's (`卫生健康办公室` → `武汉市…委员会卫生健康办公室`)
_COMPLETING = frozenset({"page_title", "crawler_title", "signature", "crumb", "publisher"})


def read_metadata(text: str, path: str, declared_title: str | None = None) -> Metadata:
    """Body and year of a report from its running text, its declared title and its file name."""
    tail, head = _tail_lines(text), _head_lines(text)
    b, y, t = title_statements([declared_title], "page_title") if declared_title else ([], [], None)
    bodies, years, title = title_statements(head, wanted=frozenset(s.value for s in y))
    if y:  # a text title naming the page's own report before one naming another (a sidebar's link)
        bodies, years = _agreeing_first(bodies, b), _agreeing_first(years, y)
    bodies, years, title = bodies + b, years + y, title or t
    signed, signed_year = _signature(tail)
    chrome = _before_the_report(head)  # a crawler's header lines, breadcrumbs, 来源
    bodies += signed + _crumb_bodies(chrome) + _publisher_bodies(chrome)
    years += _period_years(text) + signed_year + _published_years(chrome)
    if not bodies or not any(y.place in _TITLE_PLACES or y.place == "period" for y in years):
        p_agency, p_year = from_path(path)
        bodies += [Statement(p_agency, "file_name", PurePath(path).name)] if p_agency else []
        years += [Statement(p_year, "file_name", PurePath(path).name)] if p_year else []

    meta = Metadata(title=title)
    _choose_body(meta, bodies)
    _choose_year(meta, years, text)
    return meta


_SPLIT_LINES = 2  # lines split off first for each printed line wanted (blank lines between cells)


def _head_lines(text: str) -> list[str]:
    """The first _HEAD_LINES printed lines of the text's first _HEAD_CHARS characters, stripped.
    Split off from its start: the rest of the stretch only when the first lines hold too few."""
    limit = _SPLIT_LINES * _HEAD_LINES
    parts = text[:_HEAD_CHARS].split("\n", limit)
    whole = len(parts) <= limit  # else the last part is the rest, not split
    head = list(islice(filter(None, map(str.strip, parts if whole else parts[:-1])), _HEAD_LINES))
    if whole or len(head) == _HEAD_LINES:
        return head
    return head + list(islice(filter(None, map(str.strip, parts[-1].split("\n"))), _HEAD_LINES - len(head)))


def _tail_lines(text: str) -> list[str]:
    """The last _TAIL_LINES printed lines of the text's last _TAIL_CHARS characters, stripped.
    Split off from its end: the rest of the stretch only when the last lines hold too few."""
    limit = _SPLIT_LINES * _TAIL_LINES
    parts = text[-_TAIL_CHARS:].rsplit("\n", limit)
    whole = len(parts) <= limit  # else the first part is the rest, not split
    tail = list(filter(None, map(str.strip, parts if whole else parts[1:])))[-_TAIL_LINES:]
    if whole or len(tail) == _TAIL_LINES:
        return tail
    return (list(filter(None, map(str.strip, parts[0].split("\n")))) + tail)[-_TAIL_LINES:]


def _agreeing_first(statements: list[Statement], page: list[Statement]) -> list[Statement]:
    values = {s.value for s in page}
    return sorted(statements, key=lambda s: s.value not in values) if values else statements


def _before_the_report(lines: list[str]) -> list[str]:
    """The lines before section 一 (总体情况) begins."""
    for i, line in enumerate(lines):
        if "总体情况" in line[:12]:
            return lines[:i]
    return lines


def _first(statements: list[Statement], order: tuple[str, ...]) -> Statement | None:
    ranked = sorted((s for s in statements if s.place in order), key=lambda s: order.index(s.place))
    return ranked[0] if ranked else None


def _choose_body(meta: Metadata, bodies: list[Statement]) -> None:
    best = _first(bodies, _BODY_ORDER)
    if best is None:
        meta.issues.append(Issue("warning", "no_agency",
                                 "no place of the document states the reporting body (title, crawler's 标题, page "
                                 "title, breadcrumbs, closing signature, 发布机构/来源, file name): body unknown"))
        return
    longer = [s for s in bodies if len(s.value) > len(best.value) and s.value.endswith(best.value)
              and s.place in _COMPLETING]
    if longer:
        whole = _first(longer, _BODY_ORDER)
        meta.issues.append(Issue("warning", "agency_completed",
                                 f"the {best.place} names {best.value!r}, the {whole.place} the whole body "
                                 f"{whole.value!r}: taken from the {whole.place}"))
        best = whole
    meta.agency, meta.agency_source = best.value, best.place
    if best.place not in _TITLE_PLACES:
        meta.issues.append(Issue("warning", f"agency_from_{best.place}",
                                 f"no title names the body; {best.value!r} is read from the {best.place} ({best.line[:80]!r})"))
    signed = next((s for s in bodies if s.place == "signature"), None)
    if signed and best.place in _TITLE_PLACES and signed.value != best.value and not best.value.endswith(signed.value):
        meta.issues.append(Issue("warning", "agency_disagreement",
                                 f"the {best.place} names {best.value!r}, the closing signature {signed.value!r}"))


def _choose_year(meta: Metadata, years: list[Statement], text: str) -> None:
    best = _first(years, _YEAR_ORDER)
    if best is None:
        year = year_from_text(text)
        if year is not None:
            meta.year, meta.year_source = year, "most_mentioned"
            meta.issues.append(Issue("warning", "year_from_most_mentioned",
                                     f"no place states the report year; {year} is the year the text mentions most"))
        else:
            meta.issues.append(Issue("warning", "no_year", "no place of the document states the report year"))
        return
    meta.year, meta.year_source = int(best.value), best.place
    if best.place not in _TITLE_PLACES:
        meta.issues.append(Issue("warning", f"year_from_{best.place}",
                                 f"no title states the year; {best.value} is read from the {best.place} ({best.line[:80]!r})"))
    period = next((s for s in years if s.place == "period"), None)
    if period and period.value != best.value:
        meta.issues.append(Issue("warning", "year_disagreement",
                                 f"the {best.place} says {best.value}, the statistics period {period.value}"))

"""The body's name and the report year: from the title, else the text, else the file name."""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain, islice
from operator import add
from pathlib import PurePath

_SP = r"[\s\u3000]*"
_REPORT = rf"政{_SP}府{_SP}信{_SP}息{_SP}公{_SP}开{_SP}(?:工{_SP}作{_SP})?(?:年{_SP}度{_SP})?(?:工{_SP}作{_SP})?报{_SP}告"
_AGENCY_FIRST = re.compile(
    rf"(?P<agency>[^\s#*>《》\"“”：:，,。]{{2,40}}?){_SP}[（(]?(?P<year>20\d\d){_SP}年{_SP}度?{_SP}[）)]?{_SP}(?:度{_SP})?{_REPORT}"
)
_YEAR_FIRST = re.compile(
    rf"(?P<year>20\d\d){_SP}年{_SP}度?{_SP}(?P<agency>[^\s#*>《》\"“”：:，,。\d]{{2,40}}?){_SP}{_REPORT}"
)
_YEAR_IN_TEXT = re.compile(r"(20[12]\d)\s*年")
_NOISE_PREFIX = re.compile(r"^(?:关于|[#>*\s]+)")
_AGENCY_SUFFIX = re.compile(r"(?:人民政府|办公室|办公厅|局|委员会|委|办|厅|中心|街道办事处|街道|镇|乡|管委会|院|署|所|队|会)$")


def _clean_agency(name: str) -> str:
    name = re.sub(r"[\s\u3000]+", "", name)
    name = _NOISE_PREFIX.sub("", name)
    return name.strip("“”\"'《》()（）[]【】:：,，")


def find_title(text: str) -> tuple[str | None, int | None, str | None]:
    """(agency, year, title line) from the first lines of the document; a title may span two lines."""
    lines = list(islice(filter(None, map(str.strip, text[:3000].split("\n"))), 25))
    for line in chain(lines, map(add, lines, lines[1:])):  # a line, else two lines joined
        if "告" not in line:
            continue  # no "…报告" in it: neither pattern can match (a failing search is slow)
        for pattern in (_AGENCY_FIRST, _YEAR_FIRST):
            m = pattern.search(line)
            if m:
                agency = _clean_agency(m.group("agency"))
                if len(agency) >= 2:
                    return agency, int(m.group("year")), line.lstrip("#*> ").strip()
    return None, None, None


def year_from_text(text: str) -> int | None:
    years = Counter(int(y) for y in _YEAR_IN_TEXT.findall(text[:20000]))
    return years.most_common(1)[0][0] if years else None


def from_path(path: str) -> tuple[str | None, int | None]:
    stem = PurePath(path).stem
    agency, year, _ = find_title(stem)
    if agency:
        return agency, year
    m = re.search(r"(20[12]\d)", stem)
    name = re.sub(r"[\d_\-\s.]+", "", stem)
    name = re.split(r"政府信息公开|年度报告", name)[0]
    agency = name if name and _AGENCY_SUFFIX.search(name) else None
    return agency, int(m.group(1)) if m else None

"""Kind of reporting body, from the suffix of its name.

`agency_kind(name)` returns one of KINDS. The decision is a lookup in the suffix table
`SUFFIX_RULES` below (longest matching suffix wins), not a chain of conditions: to teach
it a new form of name, add a row.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["agency_kind", "KINDS", "SUFFIX_RULES"]

KINDS = ("people_government", "general_office", "department", "street_office", "township", "other")

# (suffix, kind). The longest suffix that the (normalised) name ends with decides.
SUFFIX_RULES: tuple[tuple[str, str], ...] = (
    # 人民政府 of a province, city, county or district; 行政公署 of a 地区/盟
    ("人民政府", "people_government"),
    ("政府", "people_government"),
    ("行政公署", "people_government"),
    ("行署", "people_government"),
    ("省", "people_government"),
    ("自治区", "people_government"),
    ("市", "people_government"),
    ("区", "people_government"),
    ("县", "people_government"),
    ("旗", "people_government"),
    ("自治州", "people_government"),
    ("盟", "people_government"),
    ("地区", "people_government"),
    ("林区", "people_government"),
    # their general offices
    ("人民政府办公室", "general_office"),
    ("人民政府办公厅", "general_office"),
    ("政府办公室", "general_office"),
    ("政府办公厅", "general_office"),
    ("政府办", "general_office"),
    ("行政公署办公室", "general_office"),
    ("行署办公室", "general_office"),
    # townships (乡, 镇, 民族乡, 苏木) and their governments
    ("乡", "township"),
    ("镇", "township"),
    ("苏木", "township"),
    ("乡人民政府", "township"),
    ("镇人民政府", "township"),
    ("苏木人民政府", "township"),
    ("乡政府", "township"),
    ("镇政府", "township"),
    # street offices
    ("街道办事处", "street_office"),
    ("街道办", "street_office"),
    ("街道", "street_office"),
    ("街道办事处办公室", "street_office"),
    # departments of a government (局/委/办/厅/中心 ...)
    ("局", "department"),
    ("分局", "department"),
    ("委员会", "department"),
    ("委", "department"),
    ("办公室", "department"),
    ("办", "department"),
    ("厅", "department"),
    ("中心", "department"),
    ("处", "department"),
    ("署", "department"),
    ("室", "department"),
    ("管委会", "department"),
    ("管理委员会", "department"),
    ("馆", "department"),
    ("站", "department"),
    ("所", "department"),
    ("队", "department"),
    ("部", "department"),
    ("总局", "department"),
    ("海关", "department"),  # 厦门海关: a customs district of the General Administration of Customs
    ("事务所", "other"),
    # not government bodies, or zones that are not divisions
    ("村民委员会", "other"),
    ("居民委员会", "other"),
    ("社区", "other"),
    ("村", "other"),
    ("开发区", "other"),
    ("高新区", "other"),
    ("新区", "people_government"),  # 滨海新区, 浦东新区 are districts
    ("园区", "other"),
    ("景区", "other"),
    ("示范区", "other"),
    ("试验区", "other"),
    ("公司", "other"),
    ("集团", "other"),
    ("大学", "other"),
    ("学院", "other"),
    ("学校", "other"),
    ("医院", "other"),
    ("银行", "other"),
    ("协会", "other"),
    ("联合会", "other"),
    ("人民法院", "other"),
    ("人民检察院", "other"),
    ("办事处", "department"),  # 驻京办事处; 街道办事处 is longer and wins
)

_BY_SUFFIX = {s: k for s, k in SUFFIX_RULES}
_LENGTHS = sorted({len(s) for s in _BY_SUFFIX}, reverse=True)
_TRAILING_RE = re.compile(
    r"([（(【\[][^（()）【】\[\]]*[)）】\]]|\d{4}年度?|政府信息公开(工作)?(年度)?(报告|年报)|年度报告|\s)+$"
)


@lru_cache(maxsize=65536)
def agency_kind(name: str) -> str:
    """people_government | general_office | department | street_office | township | other."""
    s = unicodedata.normalize("NFKC", name or "").strip()
    s = _TRAILING_RE.sub("", s)
    for n in _LENGTHS:
        if n <= len(s):
            kind = _BY_SUFFIX.get(s[-n:])
            if kind is not None:
                return kind
    return "other"

"""What every renderer shares: per-document variation knobs, printed labels, the three
tables as logical grids (cells with rowspan/colspan, as in the HTML of real reports),
and the document as a list of blocks (title, headings, paragraphs, tables).

A renderer never changes a figure: it only decides how the truth is printed.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest import codes as C

from .truth import BLANK, NA, NUM, Truth

# ----------------------------------------------------------------------------------------
# grid


@dataclass(slots=True)
class GC:
    """One printed cell of a logical grid (the origin cell of a merged range)."""

    text: str
    rs: int = 1
    cs: int = 1
    kind: str = "label"  # label | header | value | title
    state: str | None = None  # for value cells: number | blank | not_applicable


_PAD = GC("", kind="pad")  # a grid position no printed cell covers (a short row)


@dataclass(slots=True)
class Grid:
    name: str  # t2 | t3 | t4
    rows: list[list[GC]]
    ncols: int
    _expanded: list[list[GC | None]] | None = None
    _placed: list[list[tuple[int, GC]]] | None = None

    def expand(self) -> list[list[GC | None]]:
        """Positions grid: the origin cell where it starts, None where a merge covers it."""
        if self._expanded is not None:
            return self._expanded
        n, w = len(self.rows), self.ncols
        grid: list[list[GC | None]] = [[_PAD] * w for _ in range(n)]
        taken = [[False] * w for _ in range(n)]
        placed: list[list[tuple[int, GC]]] = []
        for r, row in enumerate(self.rows):
            c = 0
            here = []
            tr = taken[r]
            for cell in row:
                while c < w and tr[c]:
                    c += 1
                if c >= w:
                    break
                here.append((c, cell))
                for dr in range(cell.rs):
                    if r + dr >= n:
                        break
                    g, t = grid[r + dr], taken[r + dr]
                    for dc in range(cell.cs):
                        if c + dc < w:
                            g[c + dc] = None
                            t[c + dc] = True
                grid[r][c] = cell
                c += cell.cs
            placed.append(here)
        self._expanded = grid
        self._placed = placed
        return grid

    def placed(self) -> list[list[tuple[int, GC]]]:
        """Per row, the origin cells with their starting column."""
        if self._placed is None:
            self.expand()
        assert self._placed is not None
        return self._placed


# ----------------------------------------------------------------------------------------
# style knobs


@dataclass(slots=True)
class Style:
    fullwidth: bool = False
    thousands: bool = False
    units: bool = False
    na_mark: str = "/"
    half_brackets: bool = False  # (一) instead of （一）
    num_space: bool = False  # "1. 属于" instead of "1.属于"
    variants: frozenset[str] = frozenset()  # label variants / typos applied
    split_headers: bool = False  # "商业 企业", "结果 维持"
    total_top: bool = False  # 总计 in the first header row (the seed)
    traditional: bool = False
    heading: str = "md"  # md | plain | mixed
    space_numbers: bool = True  # "1290 条" vs "1290条"
    title_break: bool = False  # "…工作 年度报告"
    flat_t4: bool = False
    kangxi: bool = False
    spaced_labels: bool = False
    breakdown: bool = True  # narrative lists the outcome groups
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        d = {
            "fullwidth_digits": self.fullwidth, "thousands_separators": self.thousands,
            "trailing_units": self.units, "na_mark": self.na_mark, "half_brackets": self.half_brackets,
            "label_variants": sorted(self.variants), "split_headers": self.split_headers,
            "total_in_top_header": self.total_top, "traditional": self.traditional,
            "heading_style": self.heading, "flat_table4": self.flat_t4, "kangxi_radicals": self.kangxi,
            "spaced_labels": self.spaced_labels,
        }
        d.update(self.extra)
        return d


LABEL_VARIANTS = (
    "only_this_situation",  # 只计这一情况
    "internal_typo",  # 属于三类内容事务信息
    "in_force_history",  # 现行有效件数 (历史累计)
    "article_spaced",  # 第二十条 第(一)项
    "prohibited_typo",  # 2.其他法律行政止公开
    "excessive_space",  # 4.无正当理由大量反复 申请
    "normative_short",  # 规范性文件
)

NA_MARKS = ("/", "/", "/", "／", "—", "-", "无", "——")


def draw_style(truth: Truth, layout: str, fmt: str) -> Style:
    rng = random.Random(f"style:{truth.seed}:{layout}:{fmt}")
    s = Style()
    s.fullwidth = rng.random() < 0.06
    s.thousands = rng.random() < 0.5
    s.units = rng.random() < 0.06
    s.na_mark = rng.choice(NA_MARKS)
    s.half_brackets = rng.random() < 0.35
    s.num_space = rng.random() < 0.35
    s.variants = frozenset(v for v in LABEL_VARIANTS if rng.random() < 0.12)
    s.split_headers = rng.random() < 0.3
    s.total_top = rng.random() < 0.3
    s.traditional = rng.random() < 0.025
    s.heading = rng.choice(("md", "md", "plain", "mixed"))
    s.space_numbers = rng.random() < 0.6
    s.title_break = rng.random() < 0.2
    no_t4_blank = all(st != BLANK for _, st in truth.t4.values())
    s.flat_t4 = no_t4_blank and layout in ("tsv", "spaces") and rng.random() < 0.2
    s.kangxi = layout in ("spaces",) and rng.random() < 0.25
    s.spaced_labels = layout in ("spaces",) and rng.random() < 0.3
    s.breakdown = rng.random() < 0.5
    return s


# ----------------------------------------------------------------------------------------
# text helpers

_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_KANGXI_SOURCE = "一二人行工日月大子口山水心止田十八入力文方言金食"


@lru_cache(maxsize=1)
def _kangxi_table() -> dict[int, str]:
    m = {}
    for cp in range(0x2F00, 0x2FD6):
        n = unicodedata.normalize("NFKC", chr(cp))
        if n in _KANGXI_SOURCE:
            m[ord(n)] = chr(cp)
    return m


def kangxi(text: str) -> str:
    return text.translate(_kangxi_table())


_cc = None
_T_MAP: dict[int, str] = {}


def to_traditional(text: str) -> str:
    """Simplified -> traditional, character by character (OpenCC's s2t table, cached)."""
    global _cc
    if _cc is None:
        from opencc import OpenCC

        _cc = OpenCC("s2t")
    for ch in set(text) - {chr(k) for k in _T_MAP}:
        _T_MAP[ord(ch)] = _cc.convert(ch) if ord(ch) > 0x2E80 else ch
    return text.translate(_T_MAP)


def display_width(s: str) -> int:
    """Columns a monospace terminal gives the text (ideographs and full-width forms: 2)."""
    if s.isascii():
        return len(s)
    return len(s.encode("gb18030", "replace"))


def fmt_value(v: Any, state: str, style: Style, unit: str | None = None) -> str:
    if state == NUM:
        if isinstance(v, float):
            txt = f"{v:,}" if (style.thousands and abs(v) >= 1000) else repr(v)
        else:
            txt = f"{v:,}" if (style.thousands and abs(v) >= 1000) else str(v)
        if style.fullwidth:
            txt = txt.translate(_FW)
        if unit and style.units:
            txt += unit
        return txt
    if state == BLANK:
        return ""
    if state == NA:
        return style.na_mark
    raise ValueError(f"cannot print a {state} cell")


def _br(style: Style, numeral: str) -> str:
    return f"({numeral}) " if style.half_brackets else f"（{numeral}）"


def _sub(style: Style, n: int, text: str) -> str:
    return f"{n}. {text}" if style.num_space else f"{n}.{text}"


# ----------------------------------------------------------------------------------------
# table 2

T2_BLOCKS = (
    ("（一）", ("本年制发件数", "本年废止件数", "现行有效件数"), (("规章", "regulation"), ("行政规范性文件", "normative_document"))),
    ("（五）", ("本年处理决定数量",), (("行政许可", "administrative_license"),)),
    ("（六）", ("本年处理决定数量",), (("行政处罚", "administrative_penalty"), ("行政强制", "administrative_coercion"))),
    ("（八）", ("本年收费金额（单位：万元）",), (("行政事业性收费", "administrative_fee"),)),
)


def article(style: Style, numeral_fw: str) -> str:
    if "article_spaced" in style.variants:
        return "第二十条 第(" + numeral_fw.strip("（）") + ")项"
    return f"第二十条第{numeral_fw}项"


def t2_grid(truth: Truth, style: Style) -> Grid:
    rows: list[list[GC]] = []
    for numeral, cols, items in T2_BLOCKS:
        rows.append([GC(article(style, numeral), cs=4, kind="header")])
        head = [GC("信息内容", kind="header")]
        if len(cols) == 3:
            for col in cols:
                if col == "现行有效件数" and "in_force_history" in style.variants:
                    col = "现行有效件数 (历史累计)"
                head.append(GC(col, kind="header"))
        else:
            head.append(GC(cols[0], cs=3, kind="header"))
        rows.append(head)
        for label, item in items:
            if item == "normative_document" and "normative_short" in style.variants:
                label = "规范性文件"
            row = [GC(label)]
            measures = C.T2_MEASURES_BY_ITEM[item]
            unit = "万元" if item == "administrative_fee" else "件"
            for m in measures:
                v, st = truth.t2[(item, m)]
                row.append(GC(fmt_value(v, st, style, unit), cs=4 - len(measures) if len(measures) == 1 else 1,
                              kind="value", state=st))
            rows.append(row)
    return Grid("t2", rows, 4)


T2_2019_BLOCKS = (
    ("（一）", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
     (("规章", "regulation"), ("规范性文件", "normative_document"))),
    ("（五）", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政许可", "administrative_license"), ("其他对外管理服务事项", "other_external_services"))),
    ("（六）", ("上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政处罚", "administrative_penalty"), ("行政强制", "administrative_coercion"))),
    ("（八）", ("上一年项目数量", "本年增/减"), (("行政事业性收费", "administrative_fee"),)),
    ("（九）", ("采购项目数量", "采购总金额"), (("政府集中采购", "centralized_procurement"),)),
)


def printed_2019(truth: Truth, item: str, measure: str) -> tuple[Any, str]:
    """(value as printed, state) of a 2019 table-2 cell: the procurement amount in its printed unit."""
    v, st = truth.t2[(item, measure)]
    if measure == "procurement_amount_10k_yuan" and st == NUM and truth.money_unit == "元":
        v = round(v * 10000, 2)
        v = int(v) if v == int(v) else v
    return v, st


def t2_grid_2019(truth: Truth, style: Style) -> Grid:
    rows: list[list[GC]] = []
    for numeral, cols, items in T2_2019_BLOCKS:
        rows.append([GC(article(style, numeral), cs=4, kind="header")])
        if numeral == "（九）" and truth.money_unit_in_header:
            cols = (cols[0], f"{cols[1]}（单位：{truth.money_unit}）")
        head = [GC("信息内容", kind="header")] + [GC(c, kind="header") for c in cols]
        if len(cols) < 3:
            head[-1].cs = 4 - len(cols)
        rows.append(head)
        for label, item in items:
            vals = []
            for m in C.T2_2019_MEASURES_BY_ITEM[item]:
                v, st = printed_2019(truth, item, m)
                money = m == "procurement_amount_10k_yuan"
                unit = truth.money_unit if money else "件"
                txt = fmt_value(v, st, style, unit)
                if money and st == NUM and not truth.money_unit_in_header and not style.units:
                    txt += truth.money_unit  # the unit is printed after the amount
                vals.append(GC(txt, kind="value", state=st))
            if len(vals) < 3:
                vals[-1].cs = 4 - len(vals)
            rows.append([GC(label)] + vals)
    return Grid("t2", rows, 4)


# ----------------------------------------------------------------------------------------
# table 3

ORG_LABELS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
ORG_SPLIT = ("商业 企业", "科研 机构", "社会公 益组织", "法律服 务机构", "其他")

DENIED = ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
          "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")
UNAVAILABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
NOT_PROCESSED = ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
                 "要求行政机关确认或重新出具已获取信息")
OTHER = ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他")
CORNER = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"


def _variant_sub(style: Style, text: str) -> str:
    v = style.variants
    if "internal_typo" in v and text == "属于三类内部事务信息":
        return "属于三类内容事务信息"
    if "prohibited_typo" in v and text == "其他法律行政法规禁止公开":
        return "其他法律行政止公开"
    if "excessive_space" in v and text == "无正当理由大量反复申请":
        return "无正当理由大量反复 申请"
    return text


def t3_labels(style: Style, other_as_one_row: bool) -> list[tuple[str, str | None, str | None, str]]:
    """(level-1, level-2, level-3, outcome) per printed row."""
    partly = "部分公开（区分处理的，只计这一情形，不计其他情形）"
    if "only_this_situation" in style.variants:
        partly = partly.replace("这一情形", "这一情况")
    three = "三、本年度办理结果"
    rows: list[tuple[str, str | None, str | None, str]] = [
        ("一、本年新收政府信息公开申请数量", None, None, "new_received"),
        ("二、上年结转政府信息公开申请数量", None, None, "carried_over"),
        (three, _br(style, "一") + "予以公开", None, "granted"),
        (three, _br(style, "二") + partly, None, "partially_granted"),
    ]
    groups = (("三", "不予公开", DENIED, "denied"), ("四", "无法提供", UNAVAILABLE, "unavailable"),
              ("五", "不予处理", NOT_PROCESSED, "not_processed"))
    subcodes = [o for o in C.RESULT_OUTCOMES[2:]]
    i = 0
    for numeral, name, subs, _ in groups:
        for j, sub in enumerate(subs):
            rows.append((three, _br(style, numeral) + name, _sub(style, j + 1, _variant_sub(style, sub)), subcodes[i]))
            i += 1
    if other_as_one_row:
        rows.append((three, _br(style, "六") + "其他处理", None, C.OTHER_GROUP))
    else:
        for j, sub in enumerate(OTHER):
            rows.append((three, _br(style, "六") + "其他处理", _sub(style, j + 1, sub), C.OTHER_SUBROWS[j]))
    rows.append((three, _br(style, "七") + "总计", None, "results_total"))
    rows.append(("四、结转下年度继续办理", None, None, "carried_forward"))
    return rows


def t3_grid(truth: Truth, style: Style) -> Grid:
    orgs = ORG_SPLIT if style.split_headers else ORG_LABELS
    corner = f"({CORNER})" if style.half_brackets else f"（{CORNER}）"
    rows: list[list[GC]] = []
    if style.total_top:
        rows.append([GC(corner, rs=3, cs=3, kind="header"), GC("申请人情况", cs=6, kind="header"),
                     GC("总计", rs=3, kind="header")])
        rows.append([GC("自然人", rs=2, kind="header"), GC("法人或其他组织", cs=5, kind="header")])
    else:
        rows.append([GC(corner, rs=3, cs=3, kind="header"), GC("申请人情况", cs=7, kind="header")])
        rows.append([GC("自然人", rs=2, kind="header"), GC("法人或其他组织", cs=5, kind="header"),
                     GC("总计", rs=2, kind="header")])
    rows.append([GC(o, kind="header") for o in orgs])
    labels = t3_labels(style, truth.other_as_one_row)
    # spans of the level-1 and level-2 labels
    n1: dict[str, int] = {}
    n2: dict[str | None, int] = {}
    for l1, l2, _, _ in labels:
        n1[l1] = n1.get(l1, 0) + 1
        n2[l2] = n2.get(l2, 0) + 1
    l1_span: dict[int, int] = {}
    l2_span: dict[int, int] = {}
    for i, (l1, l2, l3, _) in enumerate(labels):
        if l2 is not None:
            if i == 0 or labels[i - 1][0] != l1:
                l1_span[i] = n1[l1]
            if l3 is not None and (labels[i - 1][1] != l2):
                l2_span[i] = n2[l2]
    for i, (l1, l2, l3, outcome) in enumerate(labels):
        row: list[GC] = []
        if l2 is None:
            row.append(GC(l1, cs=3))
        else:
            if i in l1_span:
                row.append(GC(l1, rs=l1_span[i]))
            if l3 is None:
                row.append(GC(l2, cs=2))
            else:
                if i in l2_span:
                    row.append(GC(l2, rs=l2_span[i]))
                row.append(GC(l3))
        cells = truth.t3[outcome]
        for a in C.APPLICANTS:
            v, st = cells[a]
            row.append(GC(fmt_value(v, st, style), kind="value", state=st))
        rows.append(row)
    return Grid("t3", rows, 10)


# ----------------------------------------------------------------------------------------
# table 4

T4_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_SPLIT = ("结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计")


def t4_grid(truth: Truth, style: Style) -> Grid:
    labels = T4_SPLIT if style.split_headers else T4_LABELS
    rows = [
        [GC("行政复议", cs=5, kind="header"), GC("行政诉讼", cs=10, kind="header")],
        [GC(x, rs=2, kind="header") for x in labels]
        + [GC("未经复议直接起诉", cs=5, kind="header"), GC("复议后起诉", cs=5, kind="header")],
        [GC(x, kind="header") for x in labels * 2],
        [GC(fmt_value(*truth.t4[c], style), kind="value", state=truth.t4[c][1]) for c in C.T4_CELLS],
    ]
    return Grid("t4", rows, 15)


def t4_values(truth: Truth, style: Style) -> list[str]:
    return [fmt_value(*truth.t4[c], style) for c in C.T4_CELLS]


# ----------------------------------------------------------------------------------------
# document blocks


@dataclass(slots=True)
class Block:
    kind: str  # title | heading | para | table
    text: str = ""
    level: int = 2
    grid: Grid | None = None


SECTION_TITLES = (
    ("一", "总体情况"),
    ("二", "主动公开政府信息情况"),
    ("三", "收到和处理政府信息公开申请情况"),
    ("四", "政府信息公开行政复议、行政诉讼情况"),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)


def _n(style: Style, v: Any, unit: str) -> str:
    return f" {v} {unit}" if style.space_numbers else f"{v}{unit}"


def narrative_paras(truth: Truth, style: Style, rng: random.Random) -> dict[str, list[str]]:
    n = truth.narrative
    y = truth.year
    t3 = truth.t3
    ys = f"{y} 年" if style.space_numbers else f"{y}年"
    who = rng.choice(("本机关", "我局", "本单位", "本机关")) if truth.body.kind == "department" else "本机关"
    parts = []
    for p in n["published_items"]:
        if p.get("each"):
            parts.append(f"发布{p['label']}各{_n(style, p['count'], '条')}")
        else:
            parts.append(f"{p['label']}{_n(style, p['count'], '条')}")
    if parts:
        parts[0] = rng.choice(("主动公开", "发布", "")) + parts[0]
    pub = (f"1. 主动公开情况。{ys}，{who}公开信息{_n(style, n['published_total'], '条')}，其中"
           + "，".join(parts)
           + "。主动公开的政府信息未涉及国家秘密、商业秘密和个人隐私。")
    k = n["applications_received"]
    r = n["applications_answered"]
    lead = rng.choice((f"{ys}，{who}共受理依申请公开", f"{ys}，{who}受理依申请公开",
                       "全年共受理依申请公开"))
    app = f"2. 依申请公开情况。依法稳妥做好政府信息依申请公开工作，{lead}{_n(style, k, '件')}"
    co = t3["carried_over"]["total"]
    if co[1] == NUM and co[0]:
        app += f"，上年结转{_n(style, co[0], '件')}"
    app += f"，已答复{_n(style, r, '件')}"
    if style.breakdown and r:
        groups = []
        for name, codes_ in (("予以公开", ("granted",)), ("部分公开", ("partially_granted",)),
                             ("不予公开", tuple(o for o in C.RESULT_OUTCOMES if o.startswith("denied."))),
                             ("无法提供", tuple(o for o in C.RESULT_OUTCOMES if o.startswith("unavailable."))),
                             ("不予处理", tuple(o for o in C.RESULT_OUTCOMES if o.startswith("not_processed.")))):
            s = sum((t3[o]["total"][0] or 0) for o in codes_ if t3[o]["total"][1] == NUM)
            if s:
                groups.append(f"{name}{_n(style, s, '件')}")
        if groups:
            app += "，其中" + "，".join(groups)
    app += "。"
    mgmt = (f"3. 政府信息管理情况。{ys}，{who}严格执行“先审后发”“一事一审”等工作制度，依法对拟公开的信息进行审校和保密审查，"
            "加强公开后信息管理，定期清理过时和敏感内容。")
    plat = ("4. 政府信息公开平台建设情况。持续优化政府门户网站信息公开专栏，及时更新“政策文件”“政策解读”等栏目，"
            "切实增强了实用性、易用性。")
    sup = ("5. 监督保障情况。将政务公开工作纳入年度重点工作，完善议事协调机制，强化责任分工落实，"
           "年内无因未履行政务公开义务而受到责任追究的情况。")
    problems = [
        "1. 原创信息较少，转发信息较多，主动发声能力还需增强。",
        "2. 政策解读形式较为单一，解读质量有待提升。",
        "下一步，将加大工作支持和必要投入，强化教育培训，不断提高业务人员的综合能力素质，严格执行信息公开“三审三校”和保密审查制度。",
    ]
    if n["fee_notices"]:
        fee = (f"1. 政府信息公开信息处理费收取情况。{ys}度{who}发出收费通知{_n(style, n['fee_notices'], '件')}，"
               f"总金额{_n(style, n['fee_amount_yuan'], '元')}，实际收取的总金额为{_n(style, n['fees_collected_yuan'], '元')}。")
    else:
        fee = rng.choice((
            f"1. 政府信息公开信息处理费收取情况。{ys}度{who}未收取信息处理费。发出收费通知的件数和总金额，以及实际收取的总金额均为 0。",
            f"1. 政府信息公开信息处理费收取情况。{ys}度{who}未发出收费通知，未收取信息处理费。",
        ))
    other = f"2. 政务公开工作要点完成情况。{ys}，{who}认真落实政务公开工作要点，推动政务公开与政务服务深度融合。"
    own = truth.narrative_text or {}
    return {"一": [pub, app, *own.get("一", (mgmt, plat, sup))], "五": list(own.get("五", problems)),
            "六": [fee, *own.get("六", (other,))]}


def heading_text(style: Style, numeral: str, title: str, rng: random.Random, markdown: bool) -> str:
    base = f"{numeral}、{title}"
    if style.heading == "plain" and not markdown:
        return base
    if style.heading == "mixed" and not markdown:
        return rng.choice(("## ", "### ", "#### ", "")) + base
    return "## " + base if not markdown else "## " + base


def title_text(truth: Truth, style: Style) -> str:
    if style.space_numbers:
        t = f"{truth.body.agency} {truth.year} 年政府信息公开工作" + (" 年度报告" if style.title_break else "年度报告")
    else:
        t = f"{truth.body.agency}{truth.year}年政府信息公开工作年度报告"
    return t


def intro_text(truth: Truth) -> str:
    if truth.format_version == "2019":
        ref = "国办公开办函〔2019〕60号"
    else:
        ref = "国办公开办函〔2021〕30号"
    return ("依据《中华人民共和国政府信息公开条例》（以下简称《政府信息公开条例》）和《关于印发中华人民共和国政府信息公开工作"
            f"年度报告格式的通知》（{ref}）要求，编制本报告。")


def blocks(truth: Truth, style: Style, *, markdown: bool = False) -> list[Block]:
    """The document in reading order. Headings carry their plain text (renderers add markup)."""
    rng = random.Random(f"text:{truth.seed}")
    paras = narrative_paras(truth, style, rng)
    out = [Block("title", title_text(truth, style)), Block("para", intro_text(truth))]
    for numeral, title in SECTION_TITLES:
        out.append(Block("heading", f"{numeral}、{title}", level=2 if numeral in "一二" else rng.choice((2, 3, 4))))
        if numeral == "二":
            g = t2_grid(truth, style) if truth.format_version == "2021" else t2_grid_2019(truth, style)
            out.append(Block("table", grid=g))
        elif numeral == "三":
            out.append(Block("table", grid=t3_grid(truth, style)))
        elif numeral == "四":
            out.append(Block("table", grid=t4_grid(truth, style)))
        else:
            for p in paras[numeral]:
                out.append(Block("para", p))
    return out


def postprocess(text: str, style: Style) -> str:
    if style.traditional:
        text = to_traditional(text)
    if style.kangxi:
        text = kangxi(text)
    return text

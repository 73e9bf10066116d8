"""Drawing the tables of a generated report: tables 2 (both templates), 3 and 4, and the
figures of the narrative, each consistent with every identity (`truth.make_truth` then injects
the violations asked for)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ingest import codes as C
from ingest.states import BLANK, MISSING  # noqa: F401  (ingest/data/cell_states.csv)
from ingest.states import NOT_APPLICABLE as NA
from ingest.states import NUMBER as NUM

from . import places

if TYPE_CHECKING:
    from .truth import Body, Truth

ORG_COLUMNS = C.APPLICANT_COLUMNS  # six applicant columns (no total)


# ----------------------------------------------------------------------------------------
# helpers


def _skew(rng: random.Random, hi: int, power: float = 3.0) -> int:
    """Integer in [0, hi], mostly small."""
    return int((hi + 1) * rng.random() ** power) if hi > 0 else 0


def split(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    """Split n into len(weights) non-negative integers (multinomial-like)."""
    k = len(weights)
    out = [0] * k
    if n <= 0:
        return out
    if n <= 40:
        for i in rng.choices(range(k), weights=weights, k=n):
            out[i] += 1
        return out
    tot = float(sum(weights))
    for i, w in enumerate(weights):
        out[i] = int(n * w / tot * rng.uniform(0.6, 1.4))
    s = sum(out)
    while s > n:  # too many: remove from the largest
        j = max(range(k), key=out.__getitem__)
        d = min(out[j], s - n)
        out[j] -= d
        s -= d
    if s < n:
        for i in rng.choices(range(k), weights=weights, k=n - s):
            out[i] += 1
    return out


def _num(v: Any) -> tuple[Any, str]:
    return (v, NUM)


# ----------------------------------------------------------------------------------------
# table 2

def gen_t2(rng: random.Random, body: Body, prev: "Truth | None",
            in_force_break: bool) -> dict[tuple[str, str], tuple[Any, str]]:
    kind, level = body.kind, body.level
    heavy = body.dept in places.ENFORCEMENT_HEAVY
    t2: dict[tuple[str, str], tuple[Any, str]] = {}
    # regulations: only city governments have rule-making power
    if kind == "government" and level == "city":
        ri, rr = _skew(rng, 4, 1.5), _skew(rng, 3, 2)
        rf = rng.randint(10, 140)
    else:
        ri = rr = rf = 0
    if kind in ("government", "office"):
        ni, nr, nf = _skew(rng, 30, 1.5), _skew(rng, 12, 2), rng.randint(10, 420)
    elif kind == "department":
        ni, nr, nf = _skew(rng, 6, 2), _skew(rng, 4, 3), _skew(rng, 60, 1.5)
    else:
        ni, nr, nf = _skew(rng, 2, 3), 0, _skew(rng, 8, 2)
    nf = max(nf, ni)
    rf = max(rf, ri)
    if prev is not None and prev.format_version == "2021":
        for item, (iss, rep) in (("regulation", (ri, rr)), ("normative_document", (ni, nr))):
            pv, ps = prev.t2[(item, "in_force")]
            base = pv if ps == NUM and isinstance(pv, int) and pv >= 0 else 0
            rep = min(rep, base + iss)
            f = base + iss - rep
            if item == "regulation":
                ri, rr, rf = iss, rep, f
            else:
                ni, nr, nf = iss, rep, f
        if in_force_break:
            nf += rng.choice((-1, 1)) * rng.randint(1, 6) if nf > 6 else rng.randint(1, 6)
    if heavy:
        lic, pen, coe = _skew(rng, 6000, 3), _skew(rng, 2500, 3), _skew(rng, 150, 3)
    elif kind == "department":
        lic, pen, coe = _skew(rng, 300, 4), _skew(rng, 200, 4), _skew(rng, 10, 5)
    elif kind == "township":
        lic, pen, coe = _skew(rng, 20, 4), _skew(rng, 30, 4), 0
    else:
        lic = pen = coe = 0
    fee: Any = 0
    if rng.random() < 0.12:
        fee = round(rng.uniform(0.05, 1500) * rng.random() ** 2, rng.choice((1, 2, 2, 4)))
        if fee == int(fee):
            fee = int(fee)
    vals = {
        ("regulation", "issued"): ri, ("regulation", "repealed"): rr, ("regulation", "in_force"): rf,
        ("normative_document", "issued"): ni, ("normative_document", "repealed"): nr,
        ("normative_document", "in_force"): nf,
        ("administrative_license", "decisions"): lic, ("administrative_penalty", "decisions"): pen,
        ("administrative_coercion", "decisions"): coe, ("administrative_fee", "amount_10k_yuan"): fee,
    }
    # whole items left "/" (not handled by the body) or blank
    item_state: dict[str, str] = {}
    for item in C.T2_ITEMS:
        zero = all(vals[(item, m)] == 0 for m in C.T2_MEASURES_BY_ITEM[item])
        p_na = 0.35 if (item == "regulation" and zero) else (0.12 if zero else 0.0)
        r = rng.random()
        if r < p_na:
            item_state[item] = NA
        elif zero and r < p_na + 0.05:
            item_state[item] = BLANK
        else:
            item_state[item] = NUM
    if prev is not None:  # keep in_force usable for the cross-year check
        for item in ("regulation", "normative_document"):
            if not all(vals[(item, m)] == 0 for m in C.T2_MEASURES_BY_ITEM[item]):
                item_state[item] = NUM
    for (item, m), v in vals.items():
        st = item_state[item]
        t2[(item, m)] = (v, NUM) if st == NUM else (None, st)
    return t2


def gen_t2_2019(rng: random.Random, body: Body) -> tuple[dict[tuple[str, str], tuple[Any, str]], str, bool]:
    """Table 2 of the 2019 template: (cells, money unit printed, unit in the header)."""
    heavy = body.dept in places.ENFORCEMENT_HEAVY
    city_government = body.kind == "government" and body.level == "city"
    vals: dict[tuple[str, str], Any] = {}
    for item, measures in C.T2_2019_MEASURES_BY_ITEM.items():
        if measures[0] == "new_made":
            made = _skew(rng, 4 if item == "regulation" else 20, 2)
            if item == "regulation" and not city_government:
                made = 0  # only city governments make rules
            published = min(made, _skew(rng, made, 1)) if made else 0
            vals.update({(item, "new_made"): made, (item, "new_published"): published,
                         (item, "total_published"): published + _skew(rng, 200 if made else 20, 3)})
        elif measures[0] == "previous_year_items":
            prev = _skew(rng, 40, 3)
            vals[(item, "previous_year_items")] = prev
            vals[(item, "change")] = max(-prev, rng.choice((0, 0, 0, 1, -1, 2, -2)))  # never below -prev
            if "decisions" in measures:
                vals[(item, "decisions")] = _skew(rng, 3000, 3) if heavy else _skew(rng, 40, 3)
        else:
            vals[(item, "procurement_items")] = _skew(rng, 40, 3)
            vals[(item, "procurement_amount_10k_yuan")] = (
                round(rng.uniform(0, 800) * rng.random() ** 2, 2) if rng.random() < 0.4 else 0)
    unit = rng.choice(("万元", "万元", "元"))
    in_header = rng.random() < 0.8
    if unit == "元":  # printed in 元 with fen; the truth is that amount in 万元
        yuan = round(vals[("centralized_procurement", "procurement_amount_10k_yuan")] * 10000 * rng.uniform(0.5, 1), 2)
        amount = round(yuan / 10000, 6)
        vals[("centralized_procurement", "procurement_amount_10k_yuan")] = int(amount) if amount == int(amount) else amount
    t2: dict[tuple[str, str], tuple[Any, str]] = {}
    for item, measures in C.T2_2019_MEASURES_BY_ITEM.items():
        zero = all(vals[(item, m)] == 0 for m in measures)
        r = rng.random()
        state = NA if zero and r < 0.15 else BLANK if zero and r < 0.2 else NUM
        for m in measures:
            t2[(item, m)] = (vals[(item, m)], NUM) if state == NUM else (None, state)
    return t2, unit, in_header


# ----------------------------------------------------------------------------------------
# table 3

_RESULT_WEIGHTS = (
    35, 8, 0.2, 0.5, 0.3, 1.5, 1.5, 2, 0.8, 2,  # granted .. denied.administrative_query
    20, 3, 2,  # unavailable.*
    3, 3, 0.5, 0.5, 0.8,  # not_processed.*
    3, 0.2, 4,  # other.*
)
_COL_WEIGHTS = (80, 12, 0.6, 1.2, 3, 3.5)


def gen_t3(rng: random.Random, carry_in: list[int] | None,
            other_as_one_row: bool, blank_rows: bool) -> dict[str, dict[str, tuple[Any, str]]]:
    scale = rng.choices(("zero", "tiny", "small", "medium", "large"), weights=(16, 40, 27, 13, 4))[0]
    n_new = {"zero": 0, "tiny": rng.randint(1, 5), "small": rng.randint(6, 40),
             "medium": rng.randint(41, 400), "large": rng.randint(401, 3000)}[scale]
    colw = [w * rng.uniform(0.3, 1.7) for w in _COL_WEIGHTS]
    new = split(rng, n_new, colw)
    if carry_in is not None:
        co = list(carry_in)
    else:
        co = [0] * 6
        if rng.random() < 0.35:
            co = [_skew(rng, max(1, v // 6), 2) if v else (1 if rng.random() < 0.05 else 0) for v in new]
    resw = [w * rng.uniform(0.2, 1.8) for w in _RESULT_WEIGHTS]
    cf = [0] * 6
    results: list[list[int]] = []  # per column: 21 values
    p_cf = rng.random() < 0.4
    for c in range(6):
        avail = new[c] + co[c]
        if p_cf and avail:
            cf[c] = min(avail, _skew(rng, max(1, avail // 5), 2))
        results.append(split(rng, avail - cf[c], resw))
    t3: dict[str, dict[str, tuple[Any, str]]] = {}

    def put(outcome: str, per_col: list[int]) -> None:
        row = {a: (v, NUM) for a, v in zip(ORG_COLUMNS, per_col)}
        row["total"] = (sum(per_col), NUM)
        t3[outcome] = row

    put("new_received", new)
    put("carried_over", co)
    for i, outcome in enumerate(C.RESULT_OUTCOMES):
        put(outcome, [results[c][i] for c in range(6)])
    put("results_total", [sum(results[c]) for c in range(6)])
    put("carried_forward", cf)
    if other_as_one_row:
        put(C.OTHER_GROUP, [sum(results[c][i] for i in range(18, 21)) for c in range(6)])
        for sub in C.OTHER_SUBROWS:
            t3[sub] = {a: (None, MISSING) for a in C.APPLICANTS}
    if blank_rows:
        for outcome, row in t3.items():
            if row["total"][1] == NUM and all(v == 0 for v, _ in row.values()) and rng.random() < 0.8:
                t3[outcome] = {a: (None, BLANK) for a in C.APPLICANTS}
    return t3


# ----------------------------------------------------------------------------------------
# table 4


def gen_t4(rng: random.Random, body: Body) -> dict[tuple[str, str], tuple[Any, str]]:
    t4: dict[tuple[str, str], tuple[Any, str]] = {}
    busy = rng.random() < (0.35 if body.kind in ("government", "department") else 0.1)
    for p in C.PROCEEDINGS:
        if busy:
            hi = {"administrative_review": 12, "litigation_direct": 5, "litigation_after_review": 3}[p]
            vals = [_skew(rng, hi, 2.5) for _ in range(4)]
        else:
            vals = [0, 0, 0, 0]
        vals.append(sum(vals))
        state = NUM
        if vals[4] == 0:
            r = rng.random()
            if r < 0.12:
                state = BLANK
            elif r < 0.15:
                state = NA
        for o, v in zip(C.T4_OUTCOMES, vals):
            t4[(p, o)] = (v, NUM) if state == NUM else (None, state)
    return t4


# ----------------------------------------------------------------------------------------
# narrative

_PUBLISHED_CATEGORIES = (
    "工作动态", "重点领域信息", "财政信息", "概况信息", "人事信息", "计划总结", "通知公告",
    "规划信息", "政策解读", "政策文件", "统计信息", "应急管理信息", "民生实事信息", "行政执法信息",
)


def gen_narrative(rng: random.Random, t3: dict, year: int) -> dict[str, Any]:
    k = rng.randint(3, 7)
    cats = rng.sample(_PUBLISHED_CATEGORIES, k)
    parts: list[dict[str, Any]] = []
    for cat in cats:
        if cat in ("政策文件", "政策解读"):
            continue
        parts.append({"label": cat, "count": max(1, _skew(rng, rng.choice((20, 200, 1200)), 2))})
    if rng.random() < 0.25:  # "发布政策文件及政策解读各 39 条" counts twice
        parts.append({"label": "政策文件及政策解读", "count": rng.randint(1, 60), "each": 2})
    if not parts:
        parts.append({"label": "工作动态", "count": rng.randint(5, 300)})
    flat = [p["count"] for p in parts for _ in range(p.get("each", 1))]
    total = sum(flat)
    new_total = t3["new_received"]["total"][0] or 0
    answered = t3["results_total"]["total"][0] or 0
    fee_notices = 0 if rng.random() < 0.95 else rng.randint(1, 3)
    fee_amount = round(fee_notices * rng.uniform(50, 600), 2) if fee_notices else 0
    if fee_amount == int(fee_amount):
        fee_amount = int(fee_amount)
    return {
        "published_total": total,
        "published_parts": flat,  # "政策文件及政策解读各 39 条" counts twice
        "published_items": parts,  # how section 一 words them (label, count, each)
        "applications_received": new_total,
        "applications_answered": answered,
        "fee_notices": fee_notices,
        "fee_amount_yuan": fee_amount,
        "fees_collected_yuan": 0,
    }

"""Random but realistic, identity-consistent truth for one annual report.

`make_truth(seed, ...)` draws one report (body, year, tables 2-4, the figures of sections
一 and 六) from `random.Random(seed)`. Every hard identity of report-format.md holds unless
violations are asked for; then exactly the identities asked for fail, and the failing
(identity, scope) pairs are recorded in `Truth.failures` (computed by `check_identities`,
an independent implementation of the spec's identities).

Cells are `(value, state)` pairs; `value` is None unless `state == "number"`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from ingest import codes as C
from ingest.states import BLANK, MISSING  # noqa: F401  (ingest/data/cell_states.csv)
from ingest.states import NOT_APPLICABLE as NA  # noqa: F401  (used by the renderers)
from ingest.states import NUMBER as NUM

from . import places
from .truth_identities import check_cross_year, failures_of
from .truth_tables import ORG_COLUMNS, gen_narrative, gen_t2, gen_t2_2019, gen_t3, gen_t4

VIOLATIONS: tuple[str, ...] = (
    "t3_balance",
    "t3_results_sum",
    "t3_row_total",
    "t4_total",
    "t2_non_negative",
    "narrative_applications",
    "narrative_published_sum",
)
CROSS_YEAR_VIOLATIONS: tuple[str, ...] = ("cross_year_carry", "cross_year_in_force")


# Narrative figures in the shape `gongkai parse --json` reports them (ingest/narrative.py).
NARRATIVE_KEYS = ("published_total", "published_parts", "applications_received", "applications_answered",
                  "fee_notices", "fees_collected_yuan")
AGENCY_KINDS = ("government", "office", "department", "subdistrict", "township")


@dataclass(slots=True)
class Body:
    agency: str
    kind: str  # one of AGENCY_KINDS
    level: str  # city | county | township
    province: str
    city: str
    county: str | None
    division_code: str
    dept: str | None = None


@dataclass(slots=True)
class Truth:
    seed: int
    body: Body
    year: int
    format_version: str  # "2021" | "2019"
    other_as_one_row: bool
    t2: dict[tuple[str, str], tuple[Any, str]]
    t3: dict[str, dict[str, tuple[Any, str]]]
    t4: dict[tuple[str, str], tuple[Any, str]]
    narrative: dict[str, Any]
    # 2019 template: how 采购总金额 is printed ("万元" | "元") and whether the unit is in its header
    # (else after each amount); the truth holds the amount in 万元
    money_unit: str = "万元"
    money_unit_in_header: bool = True
    injected: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    cross_year_failures: list[dict[str, Any]] = field(default_factory=list)
    previous: dict[str, Any] | None = None  # {"agency", "year"} of the predecessor report
    # paragraphs printed instead of the template's wording-only ones (generator.narrative_faults):
    # "一" after the two figure paragraphs, "五" the whole section, "六" after the fee paragraph
    narrative_text: dict[str, list[str]] | None = None

    # ---- convenience -------------------------------------------------------------
    def t3_outcomes(self) -> list[str]:
        """Outcome rows present in the truth, in printed order (with `other` if one row)."""
        out = list(C.T3_OUTCOMES)
        if self.other_as_one_row:
            i = out.index("other.other") + 1
            out.insert(i, C.OTHER_GROUP)
        return out

    def to_dict(self, *, path: str | None = None, fmt: str | None = None,
                layout: dict[str, Any] | None = None) -> dict[str, Any]:
        b = self.body
        return {
            "source": {"path": path, "format": fmt},
            "report": {
                "agency": b.agency,
                "year": self.year,
                "format_version": self.format_version,
                "province": b.province,
                "city": b.city,
                "county": b.county,
                "division_code": b.division_code,
            },
            "proactive": [
                {"item": i, "measure": m, "value": self.t2[(i, m)][0], "state": self.t2[(i, m)][1]}
                for i, m in C.T2_CELLS_BY_TEMPLATE[self.format_version]
            ],
            "applications": [
                {"outcome": o, "applicant": a, "value": self.t3[o][a][0], "state": self.t3[o][a][1]}
                for o in self.t3_outcomes()
                for a in C.APPLICANTS
            ],
            "review_litigation": [
                {"proceeding": p, "outcome": o, "value": self.t4[(p, o)][0], "state": self.t4[(p, o)][1]}
                for p, o in C.T4_CELLS
            ],
            "narrative": {k: self.narrative[k] for k in NARRATIVE_KEYS if k in self.narrative},
            "expected_identity_failures": self.failures,
            "expected_cross_year_failures": self.cross_year_failures,
            "layout": layout or {},
            "format": fmt,
            "generator": {
                "seed": self.seed,
                "agency_kind": b.kind,
                "level": b.level,
                "other_as_one_row": self.other_as_one_row,
                "injected_violations": self.injected,
                "previous": self.previous,
                "money_unit": self.money_unit if self.format_version == "2019" else None,
                "narrative_detail": {k: v for k, v in self.narrative.items() if k not in NARRATIVE_KEYS},
            },
        }


# ----------------------------------------------------------------------------------------
# body


def make_body(rng: random.Random) -> Body:
    province, city, city_code, counties = rng.choice(places.CITIES)
    municipality = places.PROVINCES[province][1]
    r = rng.random()
    level = "county" if r < 0.68 else ("city" if r < 0.86 else "township")
    county, ccode = rng.choice(counties)
    if level == "township":
        candidates = [c for c in counties if c[0] in places.TOWNSHIPS]
        if not candidates:
            level = "county"
        else:
            county, ccode = rng.choice(candidates)
    if level == "city":
        prefix = city
        code = city_code
        county_name = None
    else:
        # county bodies: sometimes the city prefix is printed too ("赣州市赣县区商务局")
        prefix = (city + county) if (rng.random() < 0.18 or (municipality and rng.random() < 0.4)) else county
        code = ccode
        county_name = county
    dept = None
    if level == "township":
        town = rng.choice(places.TOWNSHIPS[county])
        if town.endswith("街道"):
            kind, agency = "subdistrict", f"{prefix}{town}办事处"
        else:
            kind, agency = "township", f"{prefix}{town}人民政府"
    else:
        k = rng.random()
        if k < 0.12:
            kind, agency = "government", f"{prefix}人民政府"
        elif k < 0.22:
            kind, agency = "office", f"{prefix}人民政府办公室"
        else:
            dept = rng.choice(places.DEPARTMENTS)
            kind, agency = "department", f"{prefix}{dept}"
    return Body(agency=agency, kind=kind, level=level, province=province, city=city,
                county=county_name, division_code=code, dept=dept)


# ----------------------------------------------------------------------------------------
# violations


def _numberise_row(t3: dict, outcome: str) -> None:
    row = t3[outcome]
    if any(s == BLANK for _, s in row.values()):
        t3[outcome] = {a: ((v if s == NUM else 0), NUM) for a, (v, s) in row.items()}


def _add(t3: dict, outcome: str, applicant: str, d: int) -> None:
    _numberise_row(t3, outcome)
    v, _ = t3[outcome][applicant]
    t3[outcome][applicant] = (v + d, NUM)


def _inject(t: Truth, rng: random.Random, kind: str) -> None:
    t3 = t.t3
    col = rng.choices(ORG_COLUMNS, weights=(6, 2, 1, 1, 1, 1))[0]
    d = rng.randint(1, 5)
    if kind == "t3_balance":
        row = rng.choice(("carried_forward", "new_received"))
        _add(t3, row, col, d)
        _add(t3, row, "total", d)
    elif kind == "t3_results_sum":
        rows = [r for r in C.RESULT_OUTCOMES if r not in C.OTHER_SUBROWS] + (
            [C.OTHER_GROUP] if t.other_as_one_row else list(C.OTHER_SUBROWS))
        row = rng.choice(rows)
        _add(t3, row, col, d)
        _add(t3, row, "total", d)
    elif kind == "t3_row_total":
        rows = [r for r in C.RESULT_OUTCOMES if r not in C.OTHER_SUBROWS] + (
            [C.OTHER_GROUP] if t.other_as_one_row else list(C.OTHER_SUBROWS))
        r1, r2 = rng.sample(rows, 2)
        if (t3[r2][col][0] or 0) < d:
            # make room consistently: one more application received, granted as r2
            extra = d - (t3[r2][col][0] or 0)
            for row in ("new_received", r2, "results_total"):
                _add(t3, row, col, extra)
                _add(t3, row, "total", extra)
        _add(t3, r1, col, d)  # moved from r2 to r1 in one column, totals left as printed
        _add(t3, r2, col, -d)
    elif kind == "t4_total":
        p = rng.choice(C.PROCEEDINGS)
        if t.t4[(p, "total")][1] != NUM:
            for o in C.T4_OUTCOMES:
                t.t4[(p, o)] = (0, NUM)
        tot = t.t4[(p, "total")][0]
        nd = -d if (tot >= d and rng.random() < 0.5) else d
        t.t4[(p, "total")] = (tot + nd, NUM)
    elif kind == "t2_non_negative":
        cells = C.T2_CELLS_BY_TEMPLATE[t.format_version]
        item, m = rng.choice([c for c in cells if c[1] not in C.T2_DECIMAL_MEASURES | C.T2_SIGNED_MEASURES])
        if rng.random() < 0.7:
            bad: Any = -rng.randint(1, 20)
        else:
            bad = rng.randint(1, 30) + 0.5
        if t.t2[(item, m)][1] != NUM:
            for mm in C.T2_MEASURES_BY_TEMPLATE[t.format_version][item]:
                t.t2[(item, mm)] = (0, NUM)
        t.t2[(item, m)] = (bad, NUM)
    elif kind == "narrative_applications":
        n = t.narrative
        new_total = t3["new_received"]["total"][0] or 0
        carried = t3["carried_over"]["total"][0] or 0
        n["applications_received"] = new_total + carried + rng.randint(1, 20)
    elif kind == "narrative_published_sum":
        n = t.narrative
        s = n["published_total"]
        n["published_total"] = s + rng.choice((-1, 1)) * rng.randint(1, max(1, min(s - 1, 50))) if s > 1 else s + 3
    else:
        raise ValueError(f"unknown violation {kind!r}")


# ----------------------------------------------------------------------------------------
# entry point


def make_truth(
    seed: int,
    *,
    violations: list[str] | tuple[str, ...] = (),
    other_as_one_row: bool | None = None,
    format_version: str = "2021",
    year: int | None = None,
    body: Body | None = None,
    previous: Truth | None = None,
    blank_rows: bool | None = None,
    verify: bool = True,
) -> Truth:
    """One report's truth. `previous` makes this the next year's report of the same body."""
    rng = random.Random(seed)
    if format_version not in ("2021", "2019"):
        raise ValueError("format_version must be '2021' or '2019'")
    if previous is not None:
        body = previous.body
        year = previous.year + 1
    if body is None:
        body = make_body(rng)
    if year is None:
        year = rng.choice((2019, 2020, 2020, 2021, 2022)) if format_version == "2019" else rng.randint(2021, 2025)
    if format_version == "2019":
        # the 2019 table 3 prints （六）其他处理 as one row; reports of 2021 and later that kept
        # the old table 2 print the 2021 table 3 (the mixed case)
        other_as_one_row = year < 2021
    elif other_as_one_row is None:
        other_as_one_row = False
    if blank_rows is None:
        blank_rows = rng.random() < 0.12
    viol = list(dict.fromkeys(violations))
    cross = [v for v in viol if v in CROSS_YEAR_VIOLATIONS]
    viol = [v for v in viol if v not in CROSS_YEAR_VIOLATIONS]
    for v in viol:
        if v not in VIOLATIONS:
            raise ValueError(f"unknown violation {v!r}")
    if cross and previous is None:
        raise ValueError("cross-year violations need `previous`")

    carry_in = None
    if previous is not None:
        carry_in = [(previous.t3["carried_forward"][a][0] or 0) for a in ORG_COLUMNS]
        if "cross_year_carry" in cross:
            j = rng.randrange(6) if rng.random() < 0.3 else 0
            carry_in[j] += rng.randint(1, 4)
    money_unit, unit_in_header = "万元", True
    if format_version == "2021":
        t2 = gen_t2(rng, body, previous, "cross_year_in_force" in cross)
    else:
        gen_t2(rng, body, None, False)  # keep the random stream shape
        t2, money_unit, unit_in_header = gen_t2_2019(rng, body)
    t3 = gen_t3(rng, carry_in, other_as_one_row, blank_rows)
    t4 = gen_t4(rng, body)
    narrative = gen_narrative(rng, t3, year)
    t = Truth(seed=seed, body=body, year=year, format_version=format_version,
              other_as_one_row=other_as_one_row, t2=t2, t3=t3, t4=t4, narrative=narrative,
              money_unit=money_unit, money_unit_in_header=unit_in_header)
    for v in viol:
        if not v.startswith("narrative_"):
            _inject(t, rng, v)
    # the narrative restates the table as printed
    narrative["applications_received"] = t3["new_received"]["total"][0] or 0
    narrative["applications_answered"] = t3["results_total"]["total"][0] or 0
    for v in viol:
        if v.startswith("narrative_"):
            _inject(t, rng, v)
    t.injected = viol + cross
    # An untouched truth satisfies every identity by construction (tests check it), so the
    # identities are only recomputed when asked or when a violation was injected.
    if viol or verify:
        t.failures = failures_of(t)
        got = {f["id"] for f in t.failures}
        if got != set(viol):  # pragma: no cover - a generator bug
            raise AssertionError(f"seed {seed}: injected {viol}, failing {sorted(got)}")
    if previous is not None:
        t.previous = {"agency": previous.body.agency, "year": previous.year}
        t.cross_year_failures = [
            {"id": r["id"], "scope": r["scope"], "previous": t.previous}
            for r in check_cross_year(previous, t) if r["status"] == "fail"
        ]
        got_c = {f["id"] for f in t.cross_year_failures}
        want_c = set(cross)
        if previous.format_version != "2021" or format_version != "2021":
            want_c.discard("cross_year_in_force")
        # a predecessor with injected errors (a negative in_force, say) may break more
        if not want_c <= got_c or (got_c != want_c and not previous.injected
                                   and "t2_non_negative" not in viol):  # pragma: no cover
            raise AssertionError(f"seed {seed}: cross-year {cross} vs {sorted(got_c)}")
    return t

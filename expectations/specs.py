"""The catalogue of suites: one per accounting identity of report-format.md, plus coverage.

Pure data, no pandas or GX: Dagster definitions and the `gongkai` CLI import it at start-up.
Identity ids and severities come from ingest/codes.py (the public contract).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import codes


@dataclass(frozen=True)
class IdentitySpec:
    name: str  # identity id (fct_identity_checks.identity), or "coverage"
    severity: str  # error | warning
    mart: str  # the mart whose rows the suite checks (the Dagster asset check's target)
    scope: str  # what one row of the suite's frame is, besides the report
    description: str
    in_identity_mart: bool = True  # has rows in fct_identity_checks

    @property
    def hard(self) -> bool:
        return self.severity == "error"


_SPECS: tuple[IdentitySpec, ...] = (
    IdentitySpec(
        "t3_balance", codes.IDENTITY_SEVERITY["t3_balance"], "fct_applications", "applicant column",
        "Table 3, per applicant column: new_received + carried_over = results_total + carried_forward "
        "(printed in the table's corner: 第一项加第二项之和，等于第三项加第四项之和).",
    ),
    IdentitySpec(
        "t3_results_sum", codes.IDENTITY_SEVERITY["t3_results_sum"], "fct_applications", "applicant column",
        "Table 3, per applicant column: results_total = the sum of the 21 result rows (granted … "
        "other.other), or of the 18 rows before （六） plus `other` when （六）其他处理 is printed as one row.",
    ),
    IdentitySpec(
        "t3_row_total", codes.IDENTITY_SEVERITY["t3_row_total"], "fct_applications", "outcome row",
        "Table 3, per row: total = the sum of the six applicant columns.",
    ),
    IdentitySpec(
        "t4_total", codes.IDENTITY_SEVERITY["t4_total"], "fct_review_litigation", "proceeding",
        "Table 4, per proceeding: total = upheld + corrected + other + pending.",
    ),
    IdentitySpec(
        "t2_non_negative", codes.IDENTITY_SEVERITY["t2_non_negative"], "fct_proactive_disclosure", "item.measure",
        "Table 2 (of the report's template): every value ≥ 0, and counts (all but the amounts in 万元) "
        "are integers; the 2019 template's 本年增/减 (`change`, signed) is not checked.",
    ),
    IdentitySpec(
        "narrative_applications", codes.IDENTITY_SEVERITY["narrative_applications"], "fct_identity_checks", "report",
        "Section 一's count of applications (受理…申请 N 件) equals table 3's new_received.total "
        "(or new_received.total + carried_over.total).",
    ),
    IdentitySpec(
        "narrative_published_sum", codes.IDENTITY_SEVERITY["narrative_published_sum"], "fct_identity_checks", "report",
        "Where section 一 lists 公开信息 N 条，其中 A 条、B 条…, the parts sum to N.",
    ),
    IdentitySpec(
        "cross_year_carry", codes.IDENTITY_SEVERITY["cross_year_carry"], "fct_identity_checks", "applicant column",
        "carried_over of year Y = carried_forward of year Y−1, same body (current reports of the same "
        "agency, division codes not conflicting).",
    ),
    IdentitySpec(
        "cross_year_in_force", codes.IDENTITY_SEVERITY["cross_year_in_force"], "fct_identity_checks", "item",
        "in_force(Y) = in_force(Y−1) + issued(Y) − repealed(Y) for regulation and normative_document, same body.",
    ),
    IdentitySpec(
        "coverage", "error", "dim_report", "cells",
        "Every report has its 200 cells of tables 2–4 exactly once (212 with the 2019 template's table 2; 175 + 7 "
        "when （六）其他处理 is one row), "
        "only accepted codes and states, and a value exactly when the state is number.",
        in_identity_mart=False,
    ),
)

IDENTITY_SPECS: dict[str, IdentitySpec] = {spec.name: spec for spec in _SPECS}
SUITE_NAMES: tuple[str, ...] = tuple(IDENTITY_SPECS)
ALL_SUITES = SUITE_NAMES
CROSS_YEAR: tuple[str, ...] = ("cross_year_carry", "cross_year_in_force")
IDENTITY_SUITES: tuple[str, ...] = tuple(s.name for s in _SPECS if s.in_identity_mart)

assert set(IDENTITY_SUITES) == set(codes.IDENTITY_SEVERITY), "one suite per identity of the spec"


def identity_descriptions() -> dict[str, str]:
    """Identity id (fct_identity_checks.identity) -> what it checks: the open-data release's README."""
    return {name: IDENTITY_SPECS[name].description for name in IDENTITY_SUITES}

# Items whose in_force stock carries from year to year (cross_year_in_force scopes).
IN_FORCE_ITEMS: tuple[str, ...] = ("regulation", "normative_document")

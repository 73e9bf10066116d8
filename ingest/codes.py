"""Canonical codes of the 2021 template (国办公开办函〔2021〕30号) and of the 2019 template's
table 2 (国办公开办函〔2019〕60号), in printed order.

Every code here is part of the public contract (../shared/spec/contract.md).
"""

from __future__ import annotations

from ingest.file_types import FILE_TYPES, READER_FORMATS
from ingest import states as _states
from ingest.identity_table import IDENTITIES

# Table 2 — proactive disclosure: (item, measure) in printed order.
T2_CELLS: tuple[tuple[str, str], ...] = (
    ("regulation", "issued"),
    ("regulation", "repealed"),
    ("regulation", "in_force"),
    ("normative_document", "issued"),
    ("normative_document", "repealed"),
    ("normative_document", "in_force"),
    ("administrative_license", "decisions"),
    ("administrative_penalty", "decisions"),
    ("administrative_coercion", "decisions"),
    ("administrative_fee", "amount_10k_yuan"),
)
T2_ITEMS: tuple[str, ...] = tuple(dict.fromkeys(item for item, _ in T2_CELLS))
T2_MEASURES_BY_ITEM: dict[str, tuple[str, ...]] = {
    item: tuple(m for i, m in T2_CELLS if i == item) for item in T2_ITEMS
}

# Table 2 of the 2019–2020 template (国办公开办函〔2019〕60号), in printed order. A report of
# that template (`format_version` "2019", also 2021–2023 reports that kept the old table 2)
# carries these cells instead of T2_CELLS. `decisions` (处理决定数量) shares its code with the
# 2021 measure (本年处理决定数量): the same count of the year's decisions.
T2_2019_CELLS: tuple[tuple[str, str], ...] = (
    ("regulation", "new_made"),
    ("regulation", "new_published"),
    ("regulation", "total_published"),
    ("normative_document", "new_made"),
    ("normative_document", "new_published"),
    ("normative_document", "total_published"),
    ("administrative_license", "previous_year_items"),
    ("administrative_license", "change"),
    ("administrative_license", "decisions"),
    ("other_external_services", "previous_year_items"),
    ("other_external_services", "change"),
    ("other_external_services", "decisions"),
    ("administrative_penalty", "previous_year_items"),
    ("administrative_penalty", "change"),
    ("administrative_penalty", "decisions"),
    ("administrative_coercion", "previous_year_items"),
    ("administrative_coercion", "change"),
    ("administrative_coercion", "decisions"),
    ("administrative_fee", "previous_year_items"),
    ("administrative_fee", "change"),
    ("centralized_procurement", "procurement_items"),
    ("centralized_procurement", "procurement_amount_10k_yuan"),
)
T2_2019_ITEMS: tuple[str, ...] = tuple(dict.fromkeys(item for item, _ in T2_2019_CELLS))
T2_2019_MEASURES_BY_ITEM: dict[str, tuple[str, ...]] = {
    item: tuple(m for i, m in T2_2019_CELLS if i == item) for item in T2_2019_ITEMS
}
T2_CELLS_BY_TEMPLATE: dict[str, tuple[tuple[str, str], ...]] = {"2021": T2_CELLS, "2019": T2_2019_CELLS}
T2_MEASURES_BY_TEMPLATE: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": T2_MEASURES_BY_ITEM, "2019": T2_2019_MEASURES_BY_ITEM}
TEMPLATES: tuple[str, ...] = tuple(T2_CELLS_BY_TEMPLATE)
# Measures that are money in 万元, not counts (decimals allowed).
T2_DECIMAL_MEASURES = frozenset({"amount_10k_yuan", "procurement_amount_10k_yuan"})
# Signed measures (本年增/减 may be negative): t2_non_negative does not apply to them.
T2_SIGNED_MEASURES = frozenset({"change"})
# Measures the two templates share: comparable across report years (see the README).
T2_COMPARABLE_CELLS: tuple[tuple[str, str], ...] = tuple(c for c in T2_CELLS if c in T2_2019_CELLS)

# Table 3 — applications.
APPLICANTS: tuple[str, ...] = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
APPLICANT_COLUMNS: tuple[str, ...] = APPLICANTS[:-1]

RESULT_OUTCOMES: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "denied.state_secret",
    "denied.prohibited_by_law",
    "denied.security_stability",
    "denied.third_party_rights",
    "denied.internal_affairs",
    "denied.process_information",
    "denied.enforcement_file",
    "denied.administrative_query",
    "unavailable.not_held",
    "unavailable.needs_creation",
    "unavailable.unclear_after_correction",
    "not_processed.petition_or_complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive_repeated",
    "not_processed.confirm_or_reissue",
    "other.no_correction",
    "other.fee_unpaid",
    "other.other",
)
assert len(RESULT_OUTCOMES) == 21
T3_OUTCOMES: tuple[str, ...] = (
    "new_received",
    "carried_over",
    *RESULT_OUTCOMES,
    "results_total",
    "carried_forward",
)
assert len(T3_OUTCOMES) == 25
# Printed as one row by some reports instead of the three other.* rows.
OTHER_GROUP = "other"
OTHER_SUBROWS: tuple[str, ...] = ("other.no_correction", "other.fee_unpaid", "other.other")


def t3_rows(has_other_row: bool) -> tuple[str, ...]:
    """Table 3's rows in printed order; with （六）其他处理 printed as one row, its row `other`
    stands where the three other.* sub-rows would."""
    if not has_other_row:
        return T3_OUTCOMES
    rows = [r for r in T3_OUTCOMES if r not in OTHER_SUBROWS]
    rows.insert(rows.index("results_total"), OTHER_GROUP)
    return tuple(rows)


# Table 4 — administrative review and litigation.
PROCEEDINGS: tuple[str, ...] = ("administrative_review", "litigation_direct", "litigation_after_review")
T4_OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
T4_CELLS: tuple[tuple[str, str], ...] = tuple((p, o) for p in PROCEEDINGS for o in T4_OUTCOMES)

CELL_COUNT = len(T2_CELLS) + len(T3_OUTCOMES) * len(APPLICANTS) + len(T4_CELLS)
assert CELL_COUNT == 200
CELL_COUNT_2019 = len(T2_2019_CELLS) + len(T3_OUTCOMES) * len(APPLICANTS) + len(T4_CELLS)
assert CELL_COUNT_2019 == 212

STATES: tuple[str, ...] = _states.STATES  # ingest/data/cell_states.csv

# Identities: id -> severity, from the identity table (ingest/data/identities.csv). Hard ones
# (error) are printed or implied by the template.
IDENTITY_SEVERITY: dict[str, str] = {name: identity.severity for name, identity in IDENTITIES.items()}
HARD_IDENTITIES: tuple[str, ...] = tuple(name for name, identity in IDENTITIES.items() if identity.hard)
SOFT_IDENTITIES: tuple[str, ...] = tuple(name for name, identity in IDENTITIES.items() if not identity.hard)

# source_format: the original format of a file, one per file type (ingest/data/file_types.csv).
FORMATS: tuple[str, ...] = tuple(dict.fromkeys([*(t.format for t in FILE_TYPES), *READER_FORMATS]))

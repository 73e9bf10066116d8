"""Canonical codes of the 2021 template (国办公开办函〔2021〕30号), in printed order.

Every code here is part of the public contract (../shared/spec/contract.md).
"""

from __future__ import annotations

from ingest.readers import READERS

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
# Measures that are money, not counts (decimals allowed).
T2_DECIMAL_MEASURES = frozenset({"amount_10k_yuan"})

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

# Table 4 — administrative review and litigation.
PROCEEDINGS: tuple[str, ...] = ("administrative_review", "litigation_direct", "litigation_after_review")
T4_OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
T4_CELLS: tuple[tuple[str, str], ...] = tuple((p, o) for p in PROCEEDINGS for o in T4_OUTCOMES)

CELL_COUNT = len(T2_CELLS) + len(T3_OUTCOMES) * len(APPLICANTS) + len(T4_CELLS)
assert CELL_COUNT == 200

STATES: tuple[str, ...] = ("number", "blank", "not_applicable", "missing")

# Identities: id -> severity. Hard ones are printed or implied by the template.
HARD_IDENTITIES: tuple[str, ...] = ("t3_balance", "t3_results_sum", "t3_row_total", "t4_total", "t2_non_negative")
SOFT_IDENTITIES: tuple[str, ...] = (
    "narrative_applications",
    "narrative_published_sum",
    "cross_year_carry",
    "cross_year_in_force",
)
IDENTITY_SEVERITY: dict[str, str] = {
    **{i: "error" for i in HARD_IDENTITIES},
    **{i: "warning" for i in SOFT_IDENTITIES},
}

# source_format: the original format of a file, one per reader entry (ingest/readers READERS).
FORMATS: tuple[str, ...] = tuple(dict.fromkeys(fmt for _, fmt in READERS.values()))

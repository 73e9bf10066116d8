"""The catalogue of suites: one per accounting identity of report-format.md, plus coverage.

Pure data, no pandas or GX: Dagster definitions and the `gongkai` CLI import it at start-up.
Identity ids, severities, marts and descriptions come from the identity table
(ingest/data/identities.csv); `coverage` is the one suite that is no identity.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.identity_table import IDENTITIES


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
    *(IdentitySpec(i.name, i.severity, i.mart, i.scope_name, i.description) for i in IDENTITIES.values()),
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
CROSS_YEAR: tuple[str, ...] = tuple(i.name for i in IDENTITIES.values() if i.kind == "cross_year")
IDENTITY_SUITES: tuple[str, ...] = tuple(s.name for s in _SPECS if s.in_identity_mart)



def identity_descriptions() -> dict[str, str]:
    """Identity id (fct_identity_checks.identity) -> what it checks: the open-data release's README."""
    return {name: IDENTITY_SPECS[name].description for name in IDENTITY_SUITES}

"""Great Expectations (GX 1.x) suites for the accounting identities (勾稽关系) of the warehouse.

Layout:

- `expectations.specs`   the catalogue: one `IdentitySpec` per identity of report-format.md
                         (plus `coverage`), with severity, description and the mart it guards.
                         Pure Python, cheap to import (Dagster definitions and the CLI use it).
- `expectations.generic` the one generic check `evaluate_equation` (lhs == rhs over operand
                         columns, with the coverage guard: a NULL operand is undecidable).
- `expectations.frames`  reads the marts read-only into pandas and builds, per identity, a wide
                         frame with one row per report × scope.
- `expectations.suites`  the GX suites defined in code and the adapter `run_suite` / `run_suites`.

GX and pandas are imported only inside `frames` and `suites`, never by this package's
`__init__` or by `specs`.
"""

from expectations.specs import ALL_SUITES, CROSS_YEAR, IDENTITY_SPECS, SUITE_NAMES, IdentitySpec

__all__ = ["ALL_SUITES", "CHECK_MODULES", "CROSS_YEAR", "IDENTITY_SPECS", "SUITE_NAMES", "IdentitySpec", "preload",
           "run_suite", "run_suites"]


# What the checks import (GX, pandas, the suites): ~2 s, paid once per process that runs them.
CHECK_MODULES = ("great_expectations", "great_expectations.data_context.types.base",
                 "great_expectations.validator.v1_validator", "expectations.suites", "expectations.warehouse_checks")


def preload() -> None:
    """Import CHECK_MODULES: a caller may overlap it with other work on a thread
    (orchestration.dbt_assets does, while dbt runs)."""
    import importlib

    for module in CHECK_MODULES:
        importlib.import_module(module)


def run_suite(name, source, **kwargs):
    """See `expectations.suites.run_suite` (imported lazily: GX is heavy)."""
    from expectations.suites import run_suite as _run_suite

    return _run_suite(name, source, **kwargs)


def run_suites(names, source, **kwargs):
    """See `expectations.suites.run_suites` (imported lazily: GX is heavy)."""
    from expectations.suites import run_suites as _run_suites

    return _run_suites(names, source, **kwargs)

"""The GX suites, defined in code, and the adapter that runs them over warehouse data.

Each suite validates the evaluated wide frame of its identity (expectations.frames) with an
ephemeral GX context, a pandas datasource and one whole-dataframe batch. A failing row is
identified by (report_id, scope) through `unexpected_index_column_names`, so a failure points
at exactly one report × identity × scope.

    results = run_suites(SUITE_NAMES, "data/warehouse.duckdb", data_docs_dir="data/data_docs")
    results["t4_total"].failures  # agency, year, identity, scope, lhs, rhs, severity
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.frames import build_frame
from expectations.marts import Marts, load_marts
from expectations.generic import failing_keys
from expectations.specs import IDENTITY_SPECS, SUITE_NAMES, IdentitySpec

INDEX_COLUMNS = ["report_id", "scope"]
DATASOURCE = "gongkai_marts"
DATA_DOCS_SITE = "gongkai"
FAILURE_COLUMNS = ["report_id", "agency", "year", "identity", "scope", "lhs", "rhs", "severity", "detail"]
_INFORMATIONAL = "informational"  # meta flag: an expectation that lists rows but never fails the suite
# Columns handed to GX besides the index, per suite (the rest of the wide frame stays in pandas).
_EXTRA_COLUMNS = {
    "t2_non_negative": ["fraction"],
    "coverage": ["other_group_cells", "unknown_codes", "bad_states", "value_state_mismatches", "duplicates"],
}


def build_suite(name: str):
    """The GX ExpectationSuite of one identity (or `coverage`)."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    spec = IDENTITY_SPECS[name]
    suite = gx.ExpectationSuite(name=name, meta={"severity": spec.severity, "mart": spec.mart,
                                                 "notes": spec.description})
    for expectation in _expectations(spec, gxe):
        suite.add_expectation(expectation)
    return suite


def _expectations(spec: IdentitySpec, gxe) -> list:
    guard = gxe.ExpectColumnValuesToNotBeNull(
        column="lhs", mostly=0.0, meta={_INFORMATIONAL: True},
        description="Coverage guard (listing only): rows with a NULL side had a missing operand; they are "
                    "undecidable, neither passed nor failed.",
    )
    if spec.name == "t2_non_negative":
        return [
            gxe.ExpectColumnValuesToBeBetween(column="lhs", min_value=0, description="Table 2 values are ≥ 0."),
            gxe.ExpectColumnValuesToBeBetween(column="fraction", min_value=0, max_value=0,
                                              description="Table 2 counts are integers (amounts may be decimal)."),
            guard,
        ]
    if spec.name == "coverage":
        return [
            gxe.ExpectColumnPairValuesToBeEqual(column_A="lhs", column_B="rhs",
                                                description="Every report has its 200 cells of tables 2–4 (212 with the 2019 table 2)."),
            gxe.ExpectColumnValuesToBeInSet(column="other_group_cells", value_set=[0, 7],
                                            description="（六）其他处理 as one row: all 7 cells of `other`, or none."),
            *[
                gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=0, description=text)
                for column, text in (
                    ("unknown_codes", "Only accepted codes (ingest/codes.py)."),
                    ("bad_states", "Only the states number, blank, not_applicable, missing."),
                    ("value_state_mismatches", "A value exactly when the state is number."),
                    ("duplicates", "Every cell exactly once."),
                )
            ],
        ]
    return [
        gxe.ExpectColumnPairValuesToBeEqual(column_A="lhs", column_B="rhs", ignore_row_if="either_value_is_missing",
                                            description=spec.description),
        guard,
    ]


@dataclass
class SuiteResult:
    """One suite over the warehouse: the evaluated rows and what GX said about them."""

    name: str
    spec: IdentitySpec
    frame: pd.DataFrame  # evaluated wide frame, one row per report × scope, with status
    failing: set[tuple[str, str]]  # (report_id, scope) GX found unexpected
    success: bool  # the GX suite's success
    validation: Any = field(repr=False, default=None)  # GX ExpectationSuiteValidationResult

    @property
    def severity(self) -> str:
        return self.spec.severity

    @property
    def failures(self) -> pd.DataFrame:
        """The failing report × scope rows, worst (largest |lhs − rhs|) first."""
        keys = pd.DataFrame(sorted(self.failing), columns=INDEX_COLUMNS, dtype=object)
        rows = self.frame.merge(keys, on=INDEX_COLUMNS, how="inner")
        gap = (pd.to_numeric(rows["lhs"], errors="coerce").astype("Float64")
               - pd.to_numeric(rows["rhs"], errors="coerce").astype("Float64")).abs()
        rows = rows.assign(_gap=gap.fillna(float("inf"))).sort_values(
            ["_gap", "agency", "year", "scope"], ascending=[False, True, True, True], na_position="last")
        return rows[FAILURE_COLUMNS].reset_index(drop=True)

    @property
    def disagreements(self) -> set[tuple[str, str]]:
        """Rows the pandas evaluation and GX judge differently (should be empty)."""
        return failing_keys(self.frame) ^ self.failing

    def counts(self) -> dict[str, int]:
        status = self.frame["status"]
        return {
            "reports_checked": int(self.frame["report_id"].nunique()),
            "rows_checked": len(self.frame),
            "failing_rows": len(self.failing),
            "failing_reports": len({r for r, _ in self.failing}),
            "passing_rows": int((status == "pass").sum()),
            "undecidable_rows": int((status == "undecidable").sum()),
        }


def _context(data_docs_dir: Path | None):
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # In memory, without the default Data Docs site in a temporary folder, without progress bars.
    # ... and without usage statistics from a data warehouse's checks.
    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
                               progress_bars=ProgressBarsConfig(globally=False), analytics_enabled=False)
    context = gx.get_context(mode="ephemeral", project_config=config)
    for site in list(context.get_site_names()):
        context.delete_data_docs_site(site)
    if data_docs_dir is not None:
        context.add_data_docs_site(DATA_DOCS_SITE, {
            "class_name": "SiteBuilder",
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(data_docs_dir)},
        })
    return context


def _gx_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    columns = [*INDEX_COLUMNS, "agency", "year", "lhs", "rhs", "status", *_EXTRA_COLUMNS.get(name, [])]
    out = frame[columns].reset_index(drop=True).copy()
    for column in ("report_id", "scope", "agency", "status"):
        out[column] = out[column].astype(object)
    return out


def _unexpected_keys(validation) -> set[tuple[str, str]]:
    keys: set[tuple[str, str]] = set()
    for result in validation.results:
        if (result.expectation_config.meta or {}).get(_INFORMATIONAL):
            continue
        if result.exception_info and result.exception_info.get("raised_exception"):
            raise RuntimeError(f"GX expectation {result.expectation_config.type} raised: "
                               f"{result.exception_info.get('exception_message')}")
        for row in result.result.get("unexpected_index_list") or []:
            keys.add((str(row["report_id"]), str(row["scope"])))
    return keys


RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": INDEX_COLUMNS}


class SuiteRunner:
    """One ephemeral GX context validating suites over any number of `Marts` (e.g. partitions
    of a large warehouse): the context, datasource, assets and suites are made once.

    Without a Data Docs folder the validation results are not kept in GX's store (nothing
    would read them): serialising COMPLETE results of millions of rows is most of GX's time.
    """

    def __init__(self, data_docs_dir: Path | str | None = None) -> None:
        self.docs = Path(data_docs_dir) if data_docs_dir is not None else None
        self.context = _context(self.docs)
        self.datasource = self.context.data_sources.add_pandas(DATASOURCE)
        self._batches: dict[str, Any] = {}
        self._suites: dict[str, Any] = {}
        self._definitions: dict[str, Any] = {}

    def run(self, names: Iterable[str], marts: Marts) -> dict[str, SuiteResult]:
        results: dict[str, SuiteResult] = {}
        for name in names:
            spec = IDENTITY_SPECS[name]
            frame = build_frame(name, marts)
            validation = self._validate(name, _gx_frame(name, frame))
            results[name] = SuiteResult(name, spec, frame, _unexpected_keys(validation), bool(validation.success),
                                        validation)
        return results

    def _validate(self, name: str, frame: pd.DataFrame):
        import great_expectations as gx

        if name not in self._batches:
            batch = self.datasource.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole_mart")
            suite = self.context.suites.add(build_suite(name))
            self._batches[name], self._suites[name] = batch, suite
            if self.docs is not None:
                self._definitions[name] = self.context.validation_definitions.add(
                    gx.ValidationDefinition(name=name, data=batch, suite=suite))
        try:
            if self.docs is not None:
                return self._definitions[name].run(batch_parameters={"dataframe": frame}, result_format=RESULT_FORMAT)
            from great_expectations.validator.v1_validator import Validator

            validator = Validator(batch_definition=self._batches[name], batch_parameters={"dataframe": frame},
                                  result_format=RESULT_FORMAT)
            return validator.validate_expectation_suite(self._suites[name])
        finally:
            # The datasource's execution engine keeps every batch it loaded (here: each suite's
            # last frame) until the context goes: ~100 MB per partition worker at 2,000 reports.
            batches = self.datasource.get_execution_engine().batch_manager
            batches.reset_batch_cache()
            batches.batch_data_cache.clear()

    def build_docs(self) -> None:
        if self.docs is not None:
            self.docs.mkdir(parents=True, exist_ok=True)
            self.context.build_data_docs(site_names=[DATA_DOCS_SITE])


def run_suites(names: Iterable[str], source: Marts | Path | str, *,
               data_docs_dir: Path | str | None = None) -> dict[str, SuiteResult]:
    """Run the named suites over the marts (a `Marts`, or a warehouse path opened read-only).

    With `data_docs_dir`, also builds GX Data Docs there (index.html at its top).
    """
    marts = source if isinstance(source, Marts) else load_marts(source)
    runner = SuiteRunner(data_docs_dir)
    results = runner.run(names, marts)
    runner.build_docs()
    return results


def run_suite(name: str, source: Marts | Path | str, **kwargs) -> SuiteResult:
    """One suite over warehouse data; `.failures` lists the failing report × identity × scope."""
    return run_suites([name], source, **kwargs)[name]


def data_docs_index(data_docs_dir: Path | str) -> Path:
    return Path(data_docs_dir) / "index.html"


__all__ = ["SUITE_NAMES", "SuiteResult", "build_suite", "data_docs_index", "run_suite", "run_suites"]

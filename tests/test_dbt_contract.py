"""Guards that keep the dbt project in step with ingest/ and the public contract."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ingest import codes
from ingest.records import RAW_SCHEMAS

MODELS = Path(__file__).resolve().parents[1] / "dbt_project" / "models"

# contract.md, "The warehouse": columns every public relation has at least.
CONTRACT_COLUMNS = {
    "dim_report": [
        "report_id", "agency", "year", "province", "city", "county", "division_code", "agency_kind",
        "source_path", "source_format", "sha256", "parse_status", "is_current", "ingested_at",
    ],
    "fct_proactive_disclosure": ["report_id", "item", "measure", "value", "state"],
    "fct_applications": ["report_id", "outcome", "applicant", "value", "state"],
    "fct_review_litigation": ["report_id", "proceeding", "outcome", "value", "state"],
    "fct_identity_checks": ["report_id", "identity", "scope", "lhs", "rhs", "status", "severity"],
    "quarantine": ["source_path", "sha256", "reason", "detected_at"],
    # the findings shape the correction letters read (docs/supervisor.md)
    "fct_narrative_checks": ["report_id", "agency_id", "report_year", "check_name", "scope", "severity", "passed",
                             "message_zh", "evidence"],
    "fct_narrative": ["report_id", "agency_id", "agency", "report_year"],
    "fct_narrative_copy": ["report_id", "comparison", "compared_report_id"],
    "fct_missing_reports": ["agency_id", "agency"],
}

# (model, column) -> the codes accepted there.
CODE_LISTS = {
    ("fct_proactive_disclosure", "item"): tuple(dict.fromkeys(i for i, _ in codes.T2_CELLS + codes.T2_2019_CELLS)),
    ("fct_proactive_disclosure", "measure"): tuple(dict.fromkeys(m for _, m in codes.T2_CELLS + codes.T2_2019_CELLS)),
    ("fct_applications", "outcome"): (*codes.T3_OUTCOMES, codes.OTHER_GROUP),
    ("fct_applications", "applicant"): codes.APPLICANTS,
    ("fct_review_litigation", "proceeding"): codes.PROCEEDINGS,
    ("fct_review_litigation", "outcome"): codes.T4_OUTCOMES,
    ("fct_identity_checks", "identity"): tuple(codes.IDENTITY_SEVERITY),
    ("fct_identity_checks", "severity"): tuple(dict.fromkeys(codes.IDENTITY_SEVERITY.values())),
    ("fct_identity_checks", "status"): ("pass", "fail", "undecidable"),
    **{(fact, "state"): codes.STATES for fact in ("fct_proactive_disclosure", "fct_applications", "fct_review_litigation")},
    ("dim_report", "source_format"): codes.FORMATS,
}


def _models(layer: str) -> dict[str, dict]:
    models = {}
    for path in sorted((MODELS / layer).glob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[model["name"]] = model
    return models


def _column_names(model: dict) -> list[str]:
    return [column["name"] for column in model["columns"]]


def _accepted_values(column: dict) -> list[str] | None:
    for test in column.get("data_tests", []):
        if isinstance(test, dict) and "accepted_values" in test:
            return test["accepted_values"]["arguments"]["values"]
    return None


@pytest.mark.parametrize("raw_table", ["reports", "cells", "identities", "narrative_sections"])
def test_staging_columns_are_what_records_writes(raw_table):
    staging = _models("staging")[f"stg_raw__{raw_table}"]
    assert _column_names(staging) == RAW_SCHEMAS[raw_table].names


@pytest.mark.parametrize("model_name", sorted(CONTRACT_COLUMNS))
def test_marts_have_the_contract_columns_all_documented(model_name):
    model = _models("marts")[model_name]
    names = _column_names(model)
    assert names[: len(CONTRACT_COLUMNS[model_name])] == CONTRACT_COLUMNS[model_name]
    assert model.get("description")
    assert [c["name"] for c in model["columns"] if not c.get("description")] == []


@pytest.mark.parametrize("model_name", sorted(CONTRACT_COLUMNS))
def test_marts_build_exactly_the_documented_columns(model_name, samples_run):
    """The data dictionary (dbt YAML) and the built relation agree, column for column."""
    import duckdb

    assert samples_run.returncode == 0, samples_run.stderr
    documented = _column_names(_models("marts")[model_name])
    with duckdb.connect(str(samples_run.warehouse), read_only=True) as con:
        built = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? order by ordinal_position", [model_name]).fetchall()]
    assert built == documented


@pytest.mark.parametrize(("model_name", "column_name"), sorted(CODE_LISTS))
def test_accepted_values_are_the_codes_of_ingest(model_name, column_name):
    model = _models("marts")[model_name]
    column = next(c for c in model["columns"] if c["name"] == column_name)
    assert _accepted_values(column) == list(CODE_LISTS[model_name, column_name])


def test_every_mart_has_a_title_and_a_sql_file():
    """The release and the data dictionary title each table by its `config.meta.title`."""
    marts = _models("marts")
    untitled = [name for name, model in marts.items()
                if not (((model.get("config") or {}).get("meta") or {}).get("title") or "").strip()]
    assert untitled == []
    assert {p.stem for p in (MODELS / "marts").glob("*.sql")} == set(marts)

"""The open-data release: the public marts as Parquet and CSV with a Frictionless data package.

Everything said about a table or a column comes from the dbt YAML of the marts
(dbt_project/models/marts/*.yml, the data dictionary): titles (`config.meta.title`),
descriptions, primary keys (a column tested `unique` and `not_null`, else the model's
`unique_combination`), foreign keys (`relationships` tests), required columns (`not_null`)
and the codes as enums (`accepted_values`, kept equal to ingest/codes.py by
tests/test_dbt_contract.py). Types come from the built tables.

A release is written into a fresh folder beside `out` and renamed into place, so a reader of
`out` sees the previous release or the new one, never half of one.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from warehouse.store import connect, warehouse_lock

MARTS_SCHEMA = "marts"
RELEASE_MARKER = "datapackage.json"  # a folder holding it is a release (and may be replaced)
CHECKSUMS = "CHECKSUMS"
BOM = "\ufeff".encode()  # Excel reads a CSV as UTF-8 only after it
# The per-cell facts are the big tables: one Parquet folder per report year (report_year=YYYY/).
YEAR_PARTITIONED = frozenset({"fct_proactive_disclosure", "fct_applications", "fct_review_litigation",
                              "fct_identity_checks"})
PARTITION_COLUMN = "report_year"
_TIMESTAMP_CSV = "%Y-%m-%dT%H:%M:%S.%f"  # ISO 8601, which Frictionless reads as datetime

_FRICTIONLESS_TYPES = (
    (re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$"), "integer"),
    (re.compile(r"^(DOUBLE|FLOAT|REAL|DECIMAL(\(\d+,\s*\d+\))?)$"), "number"),
    (re.compile(r"^VARCHAR$"), "string"),
    (re.compile(r"^BOOLEAN$"), "boolean"),
    (re.compile(r"^DATE$"), "date"),
    (re.compile(r"^TIMESTAMP( WITH TIME ZONE)?$"), "datetime"),
)
_REF = re.compile(r"""ref\(\s*['"]([^'"]+)['"]\s*\)""")


class ReleaseError(RuntimeError):
    """The release cannot be written (no marts, an undocumented column, a folder not a release)."""


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    description: str
    enum: tuple[str, ...] | None = None
    required: bool = False
    unique: bool = False

    @property
    def frictionless_type(self) -> str:
        for pattern, kind in _FRICTIONLESS_TYPES:
            if pattern.match(self.duckdb_type):
                return kind
        raise ReleaseError(f"column {self.name}: no Frictionless type for DuckDB type {self.duckdb_type}")

    def field(self) -> dict:
        described: dict = {"name": self.name, "type": self.frictionless_type, "description": self.description}
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...]  # (column, referenced table, referenced column)
    rows: int = 0

    @property
    def partitioned(self) -> bool:
        return self.name in YEAR_PARTITIONED

    @property
    def csv_path(self) -> str:
        return f"csv/{self.name}.csv"

    @property
    def parquet_path(self) -> str:
        return f"parquet/{self.name}/"

    def resource(self) -> dict:
        schema: dict = {"fields": [c.field() for c in self.columns], "missingValues": [""]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [{"fields": [column], "reference": {"resource": table, "fields": [target]}}
                                     for column, table, target in self.foreign_keys]
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "path": self.csv_path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema,
            # Not read by Frictionless: the same rows as Parquet, for DuckDB, pandas, Arrow.
            "parquet": {"path": self.parquet_path, "compression": "zstd",
                        "partitioning": f"hive ({PARTITION_COLUMN}=YYYY)" if self.partitioned else None},
            "rows": self.rows,
        }


@dataclass
class Release:
    path: Path
    tables: list[Table]
    created: str
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256

    @property
    def bytes(self) -> int:
        return sum((self.path / name).stat().st_size for name in self.files)


def documented_tables(models_dir: Path) -> dict[str, dict]:
    """The marts' models as the dbt YAML describes them, by name, in the YAML's order."""
    models: dict[str, dict] = {}
    for path in sorted(Path(models_dir).glob("*.yml")):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            # a mart marked `config.meta.release: false` is the offices' working data, not published
            if ((model.get("config") or {}).get("meta") or {}).get("release", True):
                models[model["name"]] = model
    if not models:
        raise ReleaseError(f"no dbt models described under {models_dir}")
    return models


def _tests(entry: Mapping) -> list:
    return list(entry.get("data_tests") or entry.get("tests") or [])


def _test_arguments(test: object, name: str) -> dict | None:
    if isinstance(test, dict) and name in test:
        body = test[name] or {}
        return body.get("arguments", body)
    return None


def describe_table(model: Mapping, columns: list[tuple[str, str]], rows: int) -> Table:
    """A Table from its dbt YAML model and its built columns [(name, DuckDB type)]."""
    name = model["name"]
    documented = {c["name"]: c for c in model.get("columns", [])}
    undocumented = [c for c, _ in columns if not (documented.get(c) or {}).get("description")]
    if undocumented:
        raise ReleaseError(f"marts.{name}: columns {undocumented} have no description in the dbt YAML "
                           "(the release documents every column it publishes)")
    described, primary, foreign = [], [], []
    for column, duckdb_type in columns:
        spec = documented[column]
        tests = _tests(spec)
        enum = next((tuple(args["values"]) for t in tests if (args := _test_arguments(t, "accepted_values"))), None)
        required = "not_null" in tests
        unique = "unique" in tests
        if unique and required and not primary:
            primary = [column]
        for test in tests:
            args = _test_arguments(test, "relationships")
            if args:
                target = _REF.search(args["to"])
                if target is None:
                    raise ReleaseError(f"marts.{name}.{column}: relationships test to {args['to']!r} is not a ref()")
                foreign.append((column, target.group(1), args["field"]))
        described.append(Column(column, duckdb_type, " ".join(spec["description"].split()), enum, required, unique))
    if not primary:
        primary = next((list(args["columns"]) for t in _tests(model)
                        if (args := _test_arguments(t, "unique_combination"))), [])
    title = ((model.get("config") or {}).get("meta") or {}).get("title") or name
    return Table(name, title, " ".join(model.get("description", "").split()), tuple(described), tuple(primary),
                 tuple(foreign), rows)


def export_release(warehouse: Path, out: Path, models_dir: Path, *,
                   identities: Mapping[str, str] | None = None, version: str | None = None,
                   source: str = "") -> Release:
    """Write the release of `warehouse`'s marts into `out` (replacing an earlier release there).

    identities: identity id -> what it checks, for the release README (fct_identity_checks.identity).
    version: the release's version (default: the UTC date and time of the export).
    source: a line on where the release came from (a run id), for the README.
    """
    out = Path(out).absolute()
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / RELEASE_MARKER).exists())):
        raise ReleaseError(f"{out} exists and is not a gongkai release (no {RELEASE_MARKER}): "
                           "give an empty or new folder")
    if not Path(warehouse).exists():
        raise ReleaseError(f"no warehouse at {warehouse}: run `gongkai run` first")
    now = datetime.now(UTC)
    created = now.isoformat(timespec="seconds").replace("+00:00", "Z")
    version = version or now.strftime("%Y.%m.%d-%H%M%S")
    models = documented_tables(models_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.writing-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "csv").mkdir(parents=True)
    (staging / "parquet").mkdir()
    try:
        # Shared lock: waits for a raw load or dbt build under way, then reads one state of the marts.
        with warehouse_lock(Path(warehouse), shared=True), connect(Path(warehouse), read_only=True) as con:
            tables = [_write_table(con, staging, model) for model in _built(con, models)]
        release = Release(staging, tables, created)
        _write_text(staging / RELEASE_MARKER, json.dumps(_datapackage(release, version), ensure_ascii=False, indent=2))
        _write_text(staging / "DATA_DICTIONARY.md", data_dictionary(tables))
        _write_text(staging / "README.md", release_readme(tables, version, created, identities or {}, source))
        release.files = _checksums(staging)
        _write_text(staging / CHECKSUMS, "".join(f"{sha}  {name}\n" for name, sha in release.files.items()))
        _publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    release.path = out
    return release


def _built(con, models: dict[str, dict]) -> list[dict]:
    built = {name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ?", [MARTS_SCHEMA]).fetchall()}
    missing = [name for name in models if name not in built]
    if missing:
        raise ReleaseError(f"the warehouse has no marts.{', marts.'.join(missing)}: run `gongkai run` first")
    return list(models.values())


def _write_table(con, staging: Path, model: dict) -> Table:
    name = model["name"]
    columns = [(c, t) for c, t in con.execute(
        "select column_name, data_type from information_schema.columns where table_schema = ? and table_name = ?"
        " order by ordinal_position", [MARTS_SCHEMA, name]).fetchall()]
    rows = con.execute(f"select count(*) from {MARTS_SCHEMA}.{name}").fetchone()[0]
    table = describe_table(model, columns, rows)
    order = ", ".join(table.primary_key) or "all"
    select = f"select * from {MARTS_SCHEMA}.{name} order by {order}"
    parquet = staging / table.parquet_path
    if table.partitioned:
        con.execute(
            f"copy (select t.*, r.year as {PARTITION_COLUMN} from {MARTS_SCHEMA}.{name} as t"
            f" left join {MARTS_SCHEMA}.dim_report as r on r.report_id = t.report_id order by {order})"
            f" to {_quoted(parquet)} (format parquet, compression zstd, partition_by ({PARTITION_COLUMN}))")
    else:
        parquet.mkdir(parents=True)
        con.execute(f"copy ({select}) to {_quoted(parquet / (name + '.parquet'))} (format parquet, compression zstd)")
    plain = staging / f"{table.csv_path}.plain"
    con.execute(f"copy ({select}) to {_quoted(plain)} (format csv, header, timestampformat '{_TIMESTAMP_CSV}')")
    with (staging / table.csv_path).open("wb") as target, plain.open("rb") as source:
        target.write(BOM)
        shutil.copyfileobj(source, target, 1 << 20)
    plain.unlink()
    return table


def _quoted(path: Path) -> str:
    """A path as an SQL string literal (COPY ... TO takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _datapackage(release: Release, version: str) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "gongkai-government-information-disclosure-reports",
        "title": "政府信息公开工作年度报告 — government information-disclosure annual reports, as tables",
        "description": ("Figures of Chinese government bodies' information-disclosure annual reports, read from "
                        "the published documents by gongkai: proactive disclosure (table 2), applications (table 3), "
                        "administrative review and litigation (table 4), the accounting identities checked per "
                        "report, and the reporting bodies. README.md says what a row is and how to cite."),
        "version": version,
        "created": release.created,
        "resources": [table.resource() for table in release.tables],
    }


def data_dictionary(tables: list[Table]) -> str:
    lines = ["# Data dictionary", "",
             "Every table of the release: what one row is, its key, and each column with its type and the codes "
             "it takes. The same text is in datapackage.json (Frictionless) and in the warehouse's dbt docs.", ""]
    for table in tables:
        lines += [f"## {table.name} — {table.title}", "", table.description, "",
                  f"Rows: {table.rows}. Primary key: {', '.join(table.primary_key) or '(none)'}."]
        for column, target, target_column in table.foreign_keys:
            lines.append(f"`{column}` refers to `{target}.{target_column}`.")
        lines += ["", "| column | type | description | values |", "| --- | --- | --- | --- |"]
        for c in table.columns:
            values = ", ".join(f"`{v}`" for v in c.enum) if c.enum else ""
            lines.append(f"| `{c.name}` | {c.frictionless_type}{' (required)' if c.required else ''} | "
                         f"{c.description.replace('|', '/')} | {values} |")
        lines.append("")
    return "\n".join(lines)


def release_readme(tables: list[Table], version: str, created: str, identities: Mapping[str, str],
                   source: str) -> str:
    rows = {t.name: t.rows for t in tables}
    lines = [
        f"# gongkai open-data release {version}", "",
        "Figures of China's government information-disclosure annual reports (政府信息公开工作年度报告), read "
        "from the documents the bodies publish, one table per part of the report. "
        f"Created {created}{'; ' + source if source else ''}.", "",
        "## Files", "",
        "- `parquet/<table>/`: Parquet (zstd). The per-cell facts are split by report year "
        f"(`{PARTITION_COLUMN}=YYYY/`, a column `{PARTITION_COLUMN}` when read with hive partitioning).",
        "- `csv/<table>.csv`: the same rows as CSV, UTF-8 with a byte-order mark (Excel opens the Chinese "
        "text correctly), empty field = NULL.",
        "- `datapackage.json`: the Frictionless data package (types, keys, codes); `frictionless validate "
        "datapackage.json` checks the CSV files against it.",
        "- `DATA_DICTIONARY.md`: every column, its type, meaning and codes.",
        "- `CHECKSUMS`: SHA-256 of every file (`sha256sum -c CHECKSUMS`).", "",
        "## What a row is", "",
        "| table | rows | one row is |", "| --- | --- | --- |",
        *[f"| `{t.name}` | {t.rows} | {t.description.replace('|', '/')} |" for t in tables], "",
        "A figure is `value` only where `state` is `number`: `blank` (printed empty), `not_applicable` "
        "(/, —, 无) and `missing` (not found in the document) have no value. A cell is never guessed: "
        "what could not be read with certainty is `missing`.", "",
        "## Reading it", "",
        "```sql", "-- DuckDB",
        "select r.year, sum(a.value) as new_applications",
        "from read_parquet('parquet/fct_applications/*/*.parquet', hive_partitioning = true) as a",
        "join read_parquet('parquet/dim_report/*.parquet') as r using (report_id)",
        "where r.is_current and a.outcome = 'new_received' and a.applicant = 'total'",
        "group by all order by 1;", "```", "",
        "```python", "import pandas as pd",
        "applications = pd.read_parquet('parquet/fct_applications')  # report_year from the folders",
        "reports = pd.read_csv('csv/dim_report.csv', encoding='utf-8-sig')", "```", "",
        "Use `dim_report.is_current` to keep one document per body and year (a body may publish a report "
        "twice, or in several formats: `duplicate_of`).", "",
    ]
    if identities:
        lines += ["## The identities (勾稽关系)", "",
                  "`fct_identity_checks` holds, per report, whether these hold (`pass`, `fail`, or `undecidable` "
                  "when a cell is missing). Hard identities (severity `error`) are arithmetic the template "
                  "prints; a failure is an error in the published report, not in the reading. Soft ones "
                  "(`warning`) compare with the narrative or the year before.", "",
                  *[f"- `{name}`: {text}" for name, text in identities.items()], ""]
    lines += [
        "## How to cite", "",
        f"gongkai open-data release {version} ({created[:10]}): government information-disclosure annual "
        f"reports, {rows.get('dim_report', 0)} documents, {rows.get('dim_agency', 0)} reporting bodies. "
        "Cite the release version with the tables and filters used; the figures are those printed by each "
        "body (its report is `dim_report.source_path`, identified by `sha256`).", "",
    ]
    return "\n".join(lines)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def _checksums(root: Path) -> dict[str, str]:
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != CHECKSUMS)
    return {p.relative_to(root).as_posix(): _sha256(p) for p in files}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _publish(staging: Path, out: Path) -> None:
    """Put the new release at `out`: swapped with an earlier one in one step (renameat2's
    RENAME_EXCHANGE), so a reader opening `out` finds the old release or the new one, never
    none; the old one is then removed. Where the kernel cannot swap, the old release is renamed
    aside first (for a moment there is no `out`)."""
    if out.exists() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the old release
        return
    for attempt in range(100):  # two exports to one folder at once: the last rename wins
        old = out.with_name(f".{out.name}.old-{os.getpid()}-{attempt}")
        try:
            os.rename(out, old)
        except FileNotFoundError:
            old = None
        try:
            os.rename(staging, out)
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            continue
        finally:
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        return
    raise ReleaseError(f"{out}: could not rename the new release into place")


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return done == 0

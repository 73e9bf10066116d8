"""Where things live: the one place that knows the project's paths.

Paths default to locations under the repository root; the environment can move the
generated data (GONGKAI_DATA: warehouse, inbox, data docs, run reports, release; default data/),
the warehouse alone (GONGKAI_WAREHOUSE), the inbox alone (GONGKAI_INBOX), the review
decisions file alone (GONGKAI_DECISIONS) and Dagster's home (DAGSTER_HOME).

Knobs besides the paths, read here once and handed down: the Dask path of the raw load
(GONGKAI_DASK_SCHEDULER=tcp://host:8786, or GONGKAI_DASK_WORKERS=N for a LocalCluster;
warehouse/distributed.py), progress bars (GONGKAI_PROGRESS: 0
off, 1 on; default: on when stderr is a terminal), the raw load's batch size
(GONGKAI_BATCH_FILES) and child-process threshold (GONGKAI_CHILD_LOAD_FILES), and a test hook,
GONGKAI_LOAD_PAUSE_AFTER_BATCHES=N, that stops the raw loader after its N-th committed batch
(it says so on stderr and waits to be killed; the crash tests kill it there).
Every variable: docs/settings.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from warehouse import progress as _progress
from warehouse.env_names import (  # noqa: F401  (re-exported)
    BATCH_FILES_ENV,
    CHILD_LOAD_FILES_ENV,
    DAGSTER_HOME_ENV,
    DASK_SCHEDULER_ENV,
    DASK_WORKERS_ENV,
    DATA_ENV,
    DECISIONS_ENV,
    INBOX_ENV,
    LOAD_PAUSE_ENV,
    WAREHOUSE_ENV,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
FILES_PER_BATCH = 1000
CHILD_LOAD_FILES = 2000


# Beside the warehouse file: DuckDB's write-ahead log and spill folder, gongkai's lock file and the
# readers' snapshot (warehouse.snapshot), the Dask workers' raw batches (warehouse.distributed).
WAREHOUSE_COMPANIONS: tuple[str, ...] = (".wal", ".tmp", ".lock", ".snapshot", ".batches")


def warehouse_files(warehouse: Path) -> tuple[Path, ...]:
    """The warehouse file and the files kept beside it: never reports, also inside an input folder."""
    return (warehouse, *(warehouse.with_name(warehouse.name + suffix) for suffix in WAREHOUSE_COMPANIONS))


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_root: Path
    warehouse: Path  # the DuckDB file
    samples_dir: Path  # the project's own sample reports
    inbox_dir: Path  # where new reports are dropped
    dbt_project_dir: Path  # also holds profiles.yml
    data_docs_dir: Path
    reports_dir: Path  # run reports
    # The supervisor's review decisions: the source of truth, outside the DuckDB file so that a
    # warehouse rebuilt from the same reports keeps them (warehouse.review).
    decisions_file: Path
    letters_dir: Path  # correction letters (warehouse.letters), one folder per region and year
    release_dir: Path  # the open-data release (warehouse.release), rewritten after each run
    dagster_home: Path
    progress: bool = False  # progress bars on stderr
    load_pause_after_batches: int | None = None  # test hook: the raw loader stops after this many batches
    # Files parsed and loaded per transaction: bounds memory (~50 MB of Arrow tables), and a crash
    # loses at most one batch; each transaction costs a commit (bench/RESULTS.md).
    files_per_batch: int = FILES_PER_BATCH
    # Loads of at least this many files run in a child process (0: every load), which gives back
    # the memory a load leaves behind (warehouse/raw_load.py).
    child_load_files: int = CHILD_LOAD_FILES
    dask_scheduler: str | None = None  # parse on this Dask scheduler's workers (tcp://host:8786)
    dask_workers: int | None = None  # parse on a LocalCluster of this many workers

    @property
    def on_dask(self) -> bool:
        return bool(self.dask_scheduler or self.dask_workers)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Path | str) -> Settings:
        """Defaults under the repo root, then the environment, then explicit overrides."""
        env = os.environ if env is None else env
        root = Path(overrides.pop("repo_root", REPO_ROOT))
        data = Path(env.get(DATA_ENV) or root / "data")
        values: dict[str, Path | str] = {
            "repo_root": root,
            "warehouse": env.get(WAREHOUSE_ENV) or data / "warehouse.duckdb",
            "samples_dir": root / "samples",
            "inbox_dir": env.get(INBOX_ENV) or data / "inbox",
            "dbt_project_dir": root / "dbt_project",
            "data_docs_dir": data / "data_docs",
            "reports_dir": data / "reports",
            "decisions_file": env.get(DECISIONS_ENV) or data / "review" / "decisions.csv",
            "letters_dir": data / "letters",
            "release_dir": data / "release",
            "dagster_home": env.get(DAGSTER_HOME_ENV) or root / ".dagster_home",
        }
        values.update(overrides)
        paths = {key: Path(value).expanduser().absolute() for key, value in values.items()}
        return cls(**paths, progress=_progress.enabled(env),
                   load_pause_after_batches=_count(env, LOAD_PAUSE_ENV, what="a number of batches"),
                   files_per_batch=_count(env, BATCH_FILES_ENV, FILES_PER_BATCH, least=1),
                   child_load_files=_count(env, CHILD_LOAD_FILES_ENV, CHILD_LOAD_FILES, least=0),
                   dask_scheduler=env.get(DASK_SCHEDULER_ENV, "").strip() or None,
                   dask_workers=_count(env, DASK_WORKERS_ENV, what="a number of Dask workers"))

    def own_paths(self) -> tuple[Path, ...]:
        """What gongkai writes (the warehouse and its companions, run reports, Data Docs, review
        decisions, letters, the release, Dagster's home): not read as reports when an input folder holds them."""
        return (*warehouse_files(self.warehouse), self.reports_dir, self.data_docs_dir, self.decisions_file,
                self.letters_dir, self.release_dir, self.dagster_home)

    def with_paths(self, **changes: Path | str) -> Settings:
        """A copy with some paths replaced (unknown names are rejected)."""
        merged = {**self.model_dump(), **{k: Path(v).expanduser().absolute() for k, v in changes.items()}}
        return Settings(**merged)


def _count(env: Mapping[str, str], name: str, default: int | None = None, *, least: int = 1,
           what: str = "a whole number") -> int | None:
    """The variable as a whole number of at least `least`; `default` when it is unset or empty."""
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < least:
        raise ValueError(f"{name}={value!r}: give {what} ({least} or more), or leave it unset")
    return int(value)

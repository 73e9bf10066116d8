"""Where things live: the one place that knows the project's paths.

Paths default to locations under the repository root; the environment can move the
generated data (GONGKAI_DATA: warehouse, inbox, data docs, run reports; default data/),
the warehouse alone (GONGKAI_WAREHOUSE), the inbox alone (GONGKAI_INBOX) and Dagster's
home (DAGSTER_HOME).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gongkai.env_names import DAGSTER_HOME_ENV, DATA_ENV, INBOX_ENV, WAREHOUSE_ENV  # noqa: F401  (re-exported)

REPO_ROOT = Path(__file__).resolve().parents[1]

# File name suffixes of report documents the pipeline picks up (lower case, no dot).
REPORT_EXTENSIONS: tuple[str, ...] = ("txt", "md", "html", "htm", "docx", "pdf", "xlsx", "xls",
                                      "png", "jpg", "jpeg", "tif", "tiff")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_root: Path
    warehouse: Path  # the DuckDB file
    samples_dir: Path  # the project's own sample reports
    inbox_dir: Path  # where new reports are dropped
    dbt_project_dir: Path  # also holds profiles.yml
    data_docs_dir: Path
    reports_dir: Path  # run reports
    dagster_home: Path

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
            "dagster_home": env.get(DAGSTER_HOME_ENV) or root / ".dagster_home",
        }
        values.update(overrides)
        return cls(**{key: Path(value).expanduser().absolute() for key, value in values.items()})

    def with_paths(self, **changes: Path | str) -> Settings:
        """A copy with some paths replaced (unknown names are rejected)."""
        merged = {**self.model_dump(), **{k: Path(v).expanduser().absolute() for k, v in changes.items()}}
        return Settings(**merged)

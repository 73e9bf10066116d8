"""The one place that leans on dagster-dbt's private methods (no public way exists to skip them).

`WarehouseDbtCliResource` overrides two private members of `dagster_dbt.DbtCliResource`, each a
start-up cost this project never uses (~3.5 s per build):

* `_cli_version` runs `dbt --version` in a subprocess: read from the installed dbt-core instead
  (the project pins it; the Fusion engine is not used);
* `_initialize_dbt_core_adapter(args)` builds a dbt adapter in this process before dbt starts:
  dagster-dbt needs it only to fetch row counts or column metadata, which the assets do not ask for.

`private_shape_problems()` says what no longer matches after a dagster-dbt upgrade;
tests/test_private_apis.py fails on it, naming the member, instead of the overrides silently
doing nothing.
"""

import inspect
from functools import cached_property
from importlib.metadata import version as installed_version

from dagster_dbt import DbtCliResource
from packaging.version import Version


class WarehouseDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without its `dbt --version` subprocess and in-process adapter."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def private_shape_problems() -> list[str]:
    """What of the private shape the overrides rely on has changed in the installed dagster-dbt."""
    problems = []
    version = inspect.getattr_static(DbtCliResource, "_cli_version", None)
    if not isinstance(version, cached_property):
        problems.append("DbtCliResource._cli_version is no longer a cached_property")
    adapter = inspect.getattr_static(DbtCliResource, "_initialize_dbt_core_adapter", None)
    if adapter is None or list(inspect.signature(adapter).parameters) != ["self", "args"]:
        problems.append("DbtCliResource._initialize_dbt_core_adapter(self, args) is gone or takes other arguments")
    cli = inspect.getsource(DbtCliResource.cli)
    for use in ("self._cli_version", "self._initialize_dbt_core_adapter(args)"):
        if use not in cli:
            problems.append(f"DbtCliResource.cli no longer uses {use}: the override saves nothing")
    return problems

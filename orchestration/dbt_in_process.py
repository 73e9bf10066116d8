"""`dbt build` in this process: dbt's runner on a thread, its events through dagster-dbt's translation.

A dbt subprocess spends ~2 s starting (interpreter, `import dbt`) and exiting, as much as the
build of a few new reports takes. Here dbt runs on a thread of the step's process, and its
log events reach dagster-dbt's own DbtCliInvocation as the same dicts dbt's JSON log lines
would carry: materializations, dbt tests as asset checks, error messages and
DagsterDbtCliRuntimeError are dagster-dbt's, and stream as nodes finish.

dbt keeps its flags, event manager and adapters in process-wide state: one invocation at a time.
"""

from __future__ import annotations

import ctypes
import os
import queue
import shutil
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, DagsterExecutionInterruptedError, get_dagster_logger
from dagster_dbt import DbtCliResource
from dagster_dbt.asset_utils import (
    DBT_INDIRECT_SELECTION_ENV,
    extract_runtime_selection_from_args,
    get_updated_cli_invocation_params_for_context,
)
from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation, _get_dbt_target_path

logger = get_dagster_logger()

# The levels dbt prints on stdout by default (what a subprocess's JSON log carries).
_PRINTED_LEVELS = frozenset({"info", "warn", "error"})
_ONE_AT_A_TIME = threading.Lock()


def preload() -> None:
    """The modules an in-process `dbt build` imports that the definitions have not (~0.3 s)."""
    import dbt.adapters.duckdb.environments.local  # noqa: F401
    import dbt.adapters.duckdb.impl  # noqa: F401
    import dbt.cli.main  # noqa: F401
    import dbt.task.build  # noqa: F401
    import dbt_common.clients.agate_helper  # noqa: F401


class DbtThread:
    """Stands in for DbtCliInvocation.process: a dbt invocation on a thread, its events in a queue."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str]):
        self.args = list(args)  # DbtCliInvocation.dbt_command shows them
        self.returncode: int | None = None
        self._env = dict(env)
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._finished = False
        self._errors = 0
        self._invoking = threading.Lock()  # held while dbt runs: cancel() interrupts only then
        self._thread = threading.Thread(target=self._run, name="dbt", daemon=True)
        self._thread.start()

    def events(self) -> Iterator[dict[str, Any]]:
        """dbt's log events as JSON-log dicts, until dbt returns (then nothing, if asked again)."""
        while not self._finished:
            try:
                event = self._events.get(timeout=0.2)
            except queue.Empty:
                continue
            if event is None:
                self._finished = True
            else:
                yield event

    def wait(self, timeout: float | None = None) -> int | None:
        self._thread.join(timeout)
        return self.returncode

    def cancel(self) -> None:
        """What Ctrl-C does to dbt: a KeyboardInterrupt in its main thread (dbt then cancels its
        queries and stops), raised when that thread next runs Python code, e.g. when a node ends.
        """
        if self._invoking.locked() and self._thread.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread.ident),
                                                       ctypes.py_object(KeyboardInterrupt))

    def _on_event(self, msg) -> None:
        if msg.info.level in _PRINTED_LEVELS:
            from dbt_common.events.functions import msg_to_dict

            if msg.info.level == "error":
                self._errors += 1
            self._events.put(msg_to_dict(msg))

    def _run(self) -> None:
        from dbt.cli.main import dbtRunner

        try:
            with _ONE_AT_A_TIME, _environment(self._env):
                try:
                    with self._invoking:
                        result = dbtRunner(callbacks=[self._on_event]).invoke(self.args[1:])
                finally:
                    _close_duckdb()
            self.returncode = 0 if result.success else 2 if result.exception is not None else 1
            if result.exception is not None and not self._errors:
                self._put_error(f"{type(result.exception).__name__}: {result.exception}")
        except BaseException as error:  # noqa: BLE001 - reported to the step, which raises
            self.returncode = 2
            self._put_error(f"{type(error).__name__}: {error}")
        finally:
            self._events.put(None)

    def _put_error(self, message: str) -> None:
        self._events.put({"info": {"level": "error", "msg": message, "name": "InProcessDbtError"}, "data": {}})


class InProcessDbtInvocation(DbtCliInvocation):
    """dagster-dbt's invocation with `process` a DbtThread: everything downstream of dbt's output is theirs."""

    def _stream_stdout(self) -> Iterator[str | dict[str, Any]]:
        try:
            for event in self.process.events():
                if event["info"]["level"] == "error":
                    self._error_messages.append(event["info"]["msg"])
                yield event
        except DagsterExecutionInterruptedError:
            logger.info(f"Stopping the in-process dbt command: `{self.dbt_command}`.")
            self.process.cancel()
            self.process.wait(timeout=self.termination_timeout_seconds)
            raise


def dbt_in_process(
    dbt: DbtCliResource, args: Sequence[str], *, context: AssetExecutionContext, target_path: Path
) -> InProcessDbtInvocation:
    """What `dbt.cli(args, context=context, target_path=target_path)` does, with dbt in this process.

    The same selection (the context's assets and checks), environment and arguments as the
    resource's `cli`; dbt prints nothing itself (DBT_LOG_FORMAT and its stdout level are for
    the subprocess): dagster-dbt echoes each event's message on stdout, as for a subprocess.
    """
    cleaned_args, runtime_selects, runtime_excludes = extract_runtime_selection_from_args(args)
    params = get_updated_cli_invocation_params_for_context(
        context=context, manifest={}, dagster_dbt_translator=None,
        runtime_selects=runtime_selects, runtime_excludes=runtime_excludes,
    )
    project_dir = Path(params.dbt_project.project_dir if params.dbt_project else dbt.project_dir)
    env = {
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": os.fspath(target_path),
        "DBT_LOG_PATH": os.fspath(target_path),
        "DBT_PROJECT_DIR": str(project_dir),
        "DBT_LOG_LEVEL": "none",
        **({"DBT_PROFILES_DIR": dbt.profiles_dir} if dbt.profiles_dir else {}),
        **({DBT_INDIRECT_SELECTION_ENV: params.indirect_selection} if params.indirect_selection else {}),
    }
    profile_args = [*(["--profile", dbt.profile] if dbt.profile else []), *(["--target", dbt.target] if dbt.target else [])]
    full_args = ["dbt", *dbt.global_config_flags, *cleaned_args, *profile_args, *params.selection_args]

    # As DbtCliInvocation.run: reuse the project's partial-parse state when the target has none.
    partial_parse = Path(_get_dbt_target_path(), "partial_parse.msgpack")
    if not partial_parse.is_absolute():
        partial_parse = project_dir / partial_parse
    if partial_parse.exists() and not (target_path / partial_parse.name).exists():
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copy(partial_parse, target_path / partial_parse.name)

    invocation = InProcessDbtInvocation(
        process=DbtThread(full_args, env),  # type: ignore[arg-type]
        manifest=params.manifest,
        project=params.dbt_project,
        dagster_dbt_translator=params.dagster_dbt_translator,
        project_dir=project_dir,
        target_path=target_path,
        raise_on_error=True,
        context=context,
        adapter=None,
        cli_version=dbt._cli_version,
    )
    logger.info(f"Running dbt command in this process: `{invocation.dbt_command}`.")
    return invocation


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    # dbt reads its flags from the environment when the invocation starts.
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _close_duckdb() -> None:
    """Close dbt-duckdb's database, which it keeps open for the next invocation of this process.

    Frees its memory and the file: the next steps open the warehouse themselves.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    from dbt.adapters.factory import reset_adapters

    environment = DuckDBConnectionManager._ENV
    DuckDBConnectionManager.close_all_connections()
    if environment is not None:
        environment.close()
    reset_adapters()

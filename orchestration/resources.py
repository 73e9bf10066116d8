"""Dagster resources: where the pipeline reads reports from and writes the warehouse to, and the
LibreOffice converter service (dbt's: orchestration/dbt_cli_adapter.py)."""

from pathlib import Path

import dagster as dg

from warehouse.settings import CHILD_LOAD_FILES, FILES_PER_BATCH, warehouse_files


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the folder of report files to ingest into it."""

    warehouse_path: str
    input_dir: str
    progress: bool = False  # a bar over the raw load (warehouse.settings.Settings.progress)
    load_pause_after_batches: int | None = None  # the crash tests' hook (Settings.load_pause_after_batches)
    files_per_batch: int = FILES_PER_BATCH  # per transaction (Settings.files_per_batch)
    child_load_files: int = CHILD_LOAD_FILES  # loads this big run in a child process (Settings.child_load_files)
    # gongkai's own files and folders (Settings.own_paths), never read as reports; the
    # warehouse file and its companions are left out whether listed or not
    own_paths: list[str] = []
    # The supervisor's review decisions (Settings.decisions_file), loaded into raw.review_decisions
    decisions_file: str = ""

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def decisions(self) -> Path:
        if not self.decisions_file:
            raise dg.Failure("the warehouse resource names no decisions file (Settings.decisions_file)")
        return Path(self.decisions_file)

    @property
    def inputs(self) -> Path:
        return Path(self.input_dir)

    @property
    def not_reports(self) -> list[Path]:
        return [*warehouse_files(self.warehouse), *map(Path, self.own_paths)]


class ConverterResource(dg.ConfigurableResource):
    """LibreOffice for .doc/.wps/.rtf/.odt/.et/.ods (ingest/readers/_libreoffice.py), per run.

    Each process that parses such a file runs one LibreOffice service, started on its first
    file and kept for the rest (the parse workers are forked: a UNO connection cannot cross a
    fork, so the service cannot be started here and shared). The resource says in the run's log
    whether LibreOffice is there and with what time limit per file (GONGKAI_CONVERT_TIMEOUT, read
    by the converter: docs/settings.md), and stops this process's service at the end of the step;
    the workers stop theirs when they exit.
    """

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from ingest.readers import _libreoffice

        program = _libreoffice.find_program()
        if context.log is not None:
            context.log.info(f"LibreOffice converter: {program.soffice if program else 'not installed'}, "
                             f"{_libreoffice.time_limit():g} s per file")

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        from ingest.readers import stop_services

        stop_services()

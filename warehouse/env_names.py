"""Names of the environment variables the project reads (see warehouse.settings).

Apart from settings.py so that the CLI can name them in its help without importing pydantic.
"""

from __future__ import annotations

DATA_ENV = "GONGKAI_DATA"
WAREHOUSE_ENV = "GONGKAI_WAREHOUSE"
INBOX_ENV = "GONGKAI_INBOX"
DAGSTER_HOME_ENV = "DAGSTER_HOME"
PROGRESS_ENV = "GONGKAI_PROGRESS"
# The supervisor's review decisions (append-only CSV; warehouse.review), when not under GONGKAI_DATA.
DECISIONS_ENV = "GONGKAI_DECISIONS"
# A test hook: the raw loader stops after this many committed batches and waits to be killed.
LOAD_PAUSE_ENV = "GONGKAI_LOAD_PAUSE_AFTER_BATCHES"
BATCH_FILES_ENV = "GONGKAI_BATCH_FILES"  # files parsed and loaded per transaction
CHILD_LOAD_FILES_ENV = "GONGKAI_CHILD_LOAD_FILES"  # loads of at least this many files run in a child process
# The raw load's parse work on Dask (warehouse/distributed.py): a scheduler's address, or a
# number of workers of a LocalCluster started for the run.
DASK_SCHEDULER_ENV = "GONGKAI_DASK_SCHEDULER"
DASK_WORKERS_ENV = "GONGKAI_DASK_WORKERS"

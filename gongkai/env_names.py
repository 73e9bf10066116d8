"""Names of the environment variables that move the project's paths (see gongkai.settings).

Apart from settings.py so that the CLI can name them in its help without importing pydantic.
"""

from __future__ import annotations

DATA_ENV = "GONGKAI_DATA"
WAREHOUSE_ENV = "GONGKAI_WAREHOUSE"
INBOX_ENV = "GONGKAI_INBOX"
DAGSTER_HOME_ENV = "DAGSTER_HOME"

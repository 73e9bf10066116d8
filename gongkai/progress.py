"""Progress bars for long CLI work: tqdm on stderr, shown only when stderr is a terminal.

GONGKAI_PROGRESS=0 turns them off, GONGKAI_PROGRESS=1 forces them on (e.g. under `script`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

PROGRESS_ENV = "GONGKAI_PROGRESS"
T = TypeVar("T")


def enabled() -> bool:
    forced = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if forced in ("0", "false", "no", "off"):
        return False
    if forced in ("1", "true", "yes", "on"):
        return True
    return sys.stderr.isatty()


def bar(total: int | None, desc: str, unit: str = "it"):
    """A tqdm bar on stderr (a disabled one when progress is off)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not enabled(),
                leave=False, dynamic_ncols=True)


def iterate(items: Iterable[T], total: int | None, desc: str, unit: str = "file") -> Iterator[T]:
    """`items` with a progress bar over them (no bar, no tqdm import when progress is off)."""
    if not enabled():
        yield from items
        return
    with bar(total, desc, unit) as progress:
        for item in items:
            yield item
            progress.update(1)


class RunProgress:
    """A bar over a Dagster run's assets and checks, fed by the instance's event listener.

    One unit per asset materialized and per asset check evaluated; the description names
    the step that is running (load_raw_tables, the dbt build, the GX checks, the run report).
    """

    def __init__(self, total: int, desc: str = "gongkai run"):
        self.desc = desc
        self._bar = bar(total, desc, unit="result")

    def __call__(self, entry) -> None:
        event = getattr(entry, "dagster_event", None)
        if event is None:
            return
        kind = event.event_type_value
        if kind == "STEP_START":
            self._bar.set_description(f"{self.desc}: {event.step_key}", refresh=True)
        elif kind in ("ASSET_MATERIALIZATION", "ASSET_CHECK_EVALUATION"):
            self._bar.update(1)

    def close(self) -> None:
        self._bar.close()

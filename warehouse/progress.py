"""Progress bars for long CLI work: tqdm on stderr, shown only when stderr is a terminal.

GONGKAI_PROGRESS=0 turns them off, GONGKAI_PROGRESS=1 forces them on (e.g. under `script`).
Every bar of the project follows it: this module's bars, and those of ingest.parallel (the
parse and raw-load bars), which the callers here switch with `forced()` / `enabled()`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from warehouse.env_names import PROGRESS_ENV

T = TypeVar("T")


def forced(env: Mapping[str, str] | None = None) -> bool | None:
    """What GONGKAI_PROGRESS says: True (1), False (0), or None when it says nothing."""
    value = (os.environ if env is None else env).get(PROGRESS_ENV, "").strip().lower()
    if value in ("0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    return None


def enabled(env: Mapping[str, str] | None = None) -> bool:
    """Bars on: as GONGKAI_PROGRESS says, else when stderr is a terminal."""
    said = forced(env)
    return sys.stderr.isatty() if said is None else said


def bar(total: int | None, desc: str, unit: str = "it", show: bool | None = None):
    """A tqdm bar on stderr (a disabled one when progress is off; `show` None: `enabled()`)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not (enabled() if show is None else show),
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

    def __init__(self, total: int, desc: str = "gongkai run", show: bool | None = None):
        self.desc = desc
        self._bar = bar(total, desc, unit="result", show=show)

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

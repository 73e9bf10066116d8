"""Table 3 as read from a report file, and as its generator's truth file states it: the
{(outcome, applicant): value} of the cells read as numbers, to compare in tests."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.parse import parse_file


def table3(path: Path) -> dict[tuple[str, str], object]:
    report = parse_file(path)
    return {(c.key, c.sub): c.value for c in report.cells if c.table == "applications" and c.state == "number"}


def truth3(path: Path) -> dict[tuple[str, str], object]:
    truth = json.loads(path.read_text(encoding="utf-8"))
    return {(c["outcome"], c["applicant"]): c["value"] for c in truth["applications"]}

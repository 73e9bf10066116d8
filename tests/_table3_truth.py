"""Table 3 as read from a report file, and as its generator's truth file states it: the
{(outcome, applicant): value} of the cells read as numbers, to compare in tests."""

from __future__ import annotations

import json
from pathlib import Path

from ingest import codes
from ingest.accuracy import cells_of
from ingest.parse import parse_file


def table3(path: Path) -> dict[tuple[str, str], object]:
    report = parse_file(path)
    return {(c.key, c.sub): c.value for c in report.cells if c.table == "applications" and c.state == "number"}


def truth3(path: Path) -> dict[tuple[str, str], object]:
    truth = json.loads(path.read_text(encoding="utf-8"))
    return {(c["outcome"], c["applicant"]): c["value"] for c in truth["applications"]}


def assert_printed_slips_only(parsed: dict, truth: dict, expected: set[tuple[str, str]]) -> None:
    """The report's failing table-3 identities are exactly `expected`, the generator's injected
    slips, and the fewest-violations rule read every row breaking only their 2 instances."""
    failing = {(i["id"], str(i["scope"])) for i in parsed["identities"]
               if i["status"] == "fail" and i["id"].startswith("t3")}
    assert failing == expected
    assert failing == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}
    finding = next(i for i in parsed["issues"] if i["code"] == "fewest_violations")
    assert "25 of 25 rows" in finding["message"] and "breaks 2 identity instance(s)" in finding["message"]


def parsed_and_truth(folder: Path, name: str) -> tuple[dict, dict]:
    """The generator's truth of `folder/name.txt` and the report read from it, as dicts."""
    truth = json.loads((folder / f"{name}.truth.json").read_text(encoding="utf-8"))
    return truth, parse_file(folder / f"{name}.txt").to_dict()


def table_cells(report: dict, table: str) -> dict:
    """One table's cells of a report dict or truth (`ingest.accuracy.cells_of`)."""
    return {k: v for k, v in cells_of(report).items() if k[0] == table}


def row_values(report: dict, outcome: str) -> list:
    """Table 3's row `outcome` of a report dict or truth, its values in the applicants' order."""
    cells = {(c["outcome"], c["applicant"]): c["value"] for c in report["applications"]}
    return [cells[(outcome, a)] for a in codes.APPLICANTS]

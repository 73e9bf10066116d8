"""Property tests: mutated and random documents never crash the parser, every cell of the
contract is present exactly once, and every problem surfaces as an `issues` entry."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest import codes
from ingest.parse import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = {
    "pipes.md": (FIXTURES / "text" / "pipes.md").read_text(encoding="utf-8"),
    "cells.txt": (FIXTURES / "text" / "cell_per_line.txt").read_text(encoding="utf-8"),
    "spaces.txt": (FIXTURES / "text" / "spaces.txt").read_text(encoding="utf-8"),
    "report.html": (FIXTURES / "html" / "report_utf8.html").read_text(encoding="utf-8"),
}
EXTENSIONS = [".txt", ".md", ".html", ".docx", ".pdf", ".xlsx", ".xls"]
VALID = {"number", "blank", "not_applicable", "missing"}


def _check_contract(report) -> None:
    d = report.to_dict()
    keys = [(c["item"], c["measure"]) for c in d["proactive"]]
    assert keys == list(codes.T2_CELLS_BY_TEMPLATE[d["report"]["format_version"]])  # the template's table 2
    t3 = [(c["outcome"], c["applicant"]) for c in d["applications"] if c["outcome"] != codes.OTHER_GROUP]
    assert t3 == [(o, a) for o in codes.T3_OUTCOMES for a in codes.APPLICANTS]
    assert [(c["proceeding"], c["outcome"]) for c in d["review_litigation"]] == list(codes.T4_CELLS)
    for table in ("proactive", "applications", "review_litigation"):
        for c in d[table]:
            assert c["state"] in VALID
            assert (c["value"] is None) == (c["state"] != "number")
    assert {i["status"] for i in d["identities"]} <= {"pass", "fail", "undecidable"}
    if report.parse_status != "ok":
        assert d["issues"], "a partial or failed reading must say why"
    for r in d["identities"]:
        if r["status"] == "fail":
            assert any(i["code"] == f"identity_fail.{r['id']}" for i in d["issues"])


def _mutate(text: str, ops: list[tuple[int, int, str]]) -> str:
    lines = text.split("\n")
    for kind, pos, junk in ops:
        if not lines:
            break
        at = pos % len(lines)
        if kind == 0:
            del lines[at]
        elif kind == 1:
            lines.insert(at, junk)
        elif kind == 2:
            lines[at] = lines[at][: len(lines[at]) // 2]
        elif kind == 3:
            lines[at], lines[-1 - at] = lines[-1 - at], lines[at]
        else:
            lines[at] = lines[at].replace("0", junk[:3] or "")
    return "\n".join(lines)


@settings(max_examples=120, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(DOCS)),
       st.lists(st.tuples(st.integers(0, 4), st.integers(0, 10_000), st.text(max_size=12)), max_size=12))
def test_mutated_documents(name, ops):
    report = parse_bytes(_mutate(DOCS[name], ops).encode("utf-8"), name)
    _check_contract(report)


@settings(max_examples=80)
@given(st.binary(max_size=4096), st.sampled_from(EXTENSIONS))
def test_random_bytes(data, ext):
    report = parse_bytes(data, f"random{ext}")
    _check_contract(report)
    if report.parse_status == "failed":
        assert any(i.severity == "error" and i.code.startswith("unreadable") for i in report.issues)


@settings(max_examples=80)
@given(st.text(max_size=3000), st.sampled_from([".txt", ".md", ".html"]))
def test_random_text(text, ext):
    _check_contract(parse_bytes(text.encode("utf-8"), f"random{ext}"))


def test_truncated_document_keeps_what_it_read():
    text = DOCS["pipes.md"]
    cut = text[: text.index("（七）总计")]
    report = parse_bytes(cut.encode("utf-8"), "cut.md")
    cells = {(c.table, c.key, c.sub): c for c in report.cells}
    assert cells[("applications", "new_received", "total")].value == 13
    assert cells[("applications", "results_total", "total")].state == "missing"
    assert report.parse_status == "partial"
    assert {r.status for r in report.identities if r.id == "t3_balance"} == {"undecidable"}

"""Reading accuracy against truth files: per layout and format, documents read exactly,
injected identity violations found vs missed, false alarms on clean documents.

A truth file is JSON in the shape of the parse contract (`proactive`, `applications`,
`review_litigation` with value/state) plus `expected_identity_failures: [{id, scope}]`;
the generator writes `<doc>.truth.json`, the shared corpus `<doc>.expected.json`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TABLE_KEYS = {
    "proactive": ("item", "measure"),
    "applications": ("outcome", "applicant"),
    "review_litigation": ("proceeding", "outcome"),
}
TRUTH_SUFFIXES = (".truth.json", ".expected.json")
# Identities judged per document; cross-year ones need two documents and are checked in the marts.
_PER_DOCUMENT = frozenset({"t3_balance", "t3_results_sum", "t3_row_total", "t4_total", "t2_non_negative",
                           "narrative_applications", "narrative_published_sum"})


def cells_of(report: dict) -> dict[tuple[str, str, str], tuple[object, str]]:
    out = {}
    for table, (k1, k2) in TABLE_KEYS.items():
        for c in report.get(table, []):
            value = c.get("value")
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            out[(table, c[k1], c[k2])] = (value, c["state"])
    return out


@dataclass
class Tally:
    cells: int = 0
    cells_exact: int = 0
    documents: int = 0
    documents_exact: int = 0
    cells_missing: int = 0  # read as missing where the truth has a cell
    cells_wrong: int = 0  # read as something other than the truth: wrong but stated as read

    def add(self, total: int, exact: int, missing: int = 0) -> None:
        self.cells += total
        self.cells_exact += exact
        self.cells_missing += missing
        self.cells_wrong += total - exact - missing
        self.documents += 1
        self.documents_exact += total == exact

    @property
    def cell_accuracy(self) -> float:
        return self.cells_exact / self.cells if self.cells else 1.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_layout: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_format: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_template: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    violations_injected: int = 0
    violations_found: int = 0
    violations_missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    clean_documents: int = 0
    clean_with_false_alarm: int = 0
    mismatches: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        def tally(t: Tally) -> dict:
            return {"documents": t.documents, "documents_exact": t.documents_exact, "cells": t.cells,
                    "cells_exact": t.cells_exact, "cells_missing": t.cells_missing, "cells_wrong": t.cells_wrong,
                    "cell_accuracy": round(t.cell_accuracy, 6)}

        return {
            "overall": tally(self.overall),
            "by_layout": {k: tally(v) for k, v in sorted(self.by_layout.items())},
            "by_format": {k: tally(v) for k, v in sorted(self.by_format.items())},
            "by_template": {k: tally(v) for k, v in sorted(self.by_template.items())},
            "violations": {"injected": self.violations_injected, "found": self.violations_found,
                           "missed": len(self.violations_missed)},
            "false_alarms": len(self.false_alarms),
            "clean_documents": self.clean_documents,
            "clean_documents_with_false_alarm": self.clean_with_false_alarm,
            "examples": {"mismatches": self.mismatches[:20], "missed": self.violations_missed[:20],
                         "false_alarms": self.false_alarms[:20]},
        }


def truth_pairs(folder: Path) -> Iterator[tuple[Path, Path]]:
    """(document, truth file) for every truth file under folder whose document exists."""
    for truth in sorted(folder.rglob("*.json")):
        suffix = next((s for s in TRUTH_SUFFIXES if truth.name.endswith(s)), None)
        if suffix is None:
            continue
        data = json.loads(truth.read_text(encoding="utf-8"))
        name = Path(data.get("source", {}).get("path") or truth.name[: -len(suffix)]).name
        doc = truth.with_name(name)
        if doc.exists():
            yield doc, truth


def layout_of(truth: dict) -> str:
    layout = truth.get("layout")
    if isinstance(layout, dict):
        return layout.get("name", "unknown")
    return layout or "real"


def template_of(truth: dict) -> str:
    """The report's template: "2021", "2019" (〔2019〕60号 tables 2 and 3) or "2019+2021t3" (the
    old table 2 with the 2021 table 3: some reports of 2021–2023)."""
    version = (truth.get("report") or {}).get("format_version") or "2021"
    if version == "2019" and not any(c.get("outcome") == "other" for c in truth.get("applications", [])):
        return "2019+2021t3"
    return version


def score(pairs: Iterable[tuple[Path, Path, dict]]) -> Report:
    """pairs: (document, truth file, the parser's contract dict for the document)."""
    rep = Report()
    for doc, truth_path, parsed in pairs:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        want, got = cells_of(truth), cells_of(parsed)
        exact = sum(1 for k, v in want.items() if got.get(k) == v)
        missing = sum(1 for k, v in want.items() if got.get(k) != v and got.get(k, (None, "missing"))[1] == "missing")
        for k, v in want.items():
            if got.get(k) != v and len(rep.mismatches) < 200:
                rep.mismatches.append(f"{doc.name}: {'/'.join(k)} read {got.get(k)} want {v}")
        fmt = truth.get("format") or parsed["source"]["format"]
        layout = f"{fmt}:{layout_of(truth)}"
        for tally in (rep.overall, rep.by_layout[layout], rep.by_format[fmt], rep.by_template[template_of(truth)]):
            tally.add(len(want), exact, missing)
        expected = {(f["id"], str(f["scope"])) for f in truth.get("expected_identity_failures", [])
                    if f["id"] in _PER_DOCUMENT}
        failing = {(i["id"], str(i["scope"])) for i in parsed.get("identities", []) if i["status"] == "fail"}
        rep.violations_injected += len(expected)
        rep.violations_found += len(expected & failing)
        rep.violations_missed += [f"{doc.name}: {i} {s}" for i, s in sorted(expected - failing)]
        alarms = failing - expected
        rep.false_alarms += [f"{doc.name}: {i} {s}" for i, s in sorted(alarms)]
        if not expected:
            rep.clean_documents += 1
            rep.clean_with_false_alarm += bool(alarms)
    return rep


def format_report(rep: Report, title: str) -> str:
    d = rep.to_dict()
    o = d["overall"]
    lines = [f"== {title}",
             f"documents {o['documents']}, read exactly {o['documents_exact']}; "
             f"cells {o['cells']}, exact {o['cells_exact']} ({o['cell_accuracy']:.4%}), missing {o['cells_missing']}, "
             f"wrong but stated as read {o['cells_wrong']}",
             f"injected violations {d['violations']['injected']}: found {d['violations']['found']}, "
             f"missed {d['violations']['missed']}; false alarms {d['false_alarms']} "
             f"(clean documents {d['clean_documents']}, with a false alarm {d['clean_documents_with_false_alarm']})",
             f"{'template / layout / format':32s} {'docs':>6s} {'exact':>6s} {'cells':>8s} {'accuracy':>9s} "
             f"{'missing':>8s} {'wrong':>6s}"]
    for group in ("by_template", "by_format", "by_layout"):
        for name, t in d[group].items():
            lines.append(f"{name:32s} {t['documents']:6d} {t['documents_exact']:6d} {t['cells']:8d} "
                         f"{t['cell_accuracy']:9.4%} {t['cells_missing']:8d} {t['cells_wrong']:6d}")
    for kind in ("mismatches", "missed", "false_alarms"):
        for example in d["examples"][kind][:10]:
            lines.append(f"  {kind}: {example}")
    return "\n".join(lines)

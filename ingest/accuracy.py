"""Reading accuracy against truth files: per rendering kind, layout and format, every cell
is exact, missing (read `missing` where the truth has a value) or WRONG BUT STATED AS READ
(read as a number, blank or not-applicable that the truth does not hold); documents read
exactly; injected identity violations found vs missed; identity false alarms, and how many
of those a misread cell caused (the alarm is gone once the wrong cells get the truth's value).

A truth file is JSON in the shape of the parse contract (`proactive`, `applications`,
`review_litigation` with value/state) plus `expected_identity_failures: [{id, scope}]`;
the generator writes `<doc>.truth.json`, the shared corpus `<doc>.expected.json`.

Documents without a truth file are judged by self-consistency, per source folder: the
share read `ok` (no cell missing) with every hard identity passing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.codes import HARD_IDENTITIES
from ingest.file_types import SUFFIXES
from ingest.identities import evaluate
from ingest.identity_table import IDENTITIES
from ingest.model import KEY_NAMES, Cell
from ingest.states import BLANK, MISSING

TABLE_KEYS = KEY_NAMES  # the contract's key columns per cell table
TRUTH_SUFFIXES = (".truth.json", ".expected.json")
# Identities judged per document; cross-year ones need two documents and are checked in the marts.
_PER_DOCUMENT = frozenset(name for name, identity in IDENTITIES.items() if identity.kind != "cross_year")


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
class CellCounts:
    """One document's cells against its truth."""

    total: int = 0
    exact: int = 0
    missing: int = 0  # read `missing`, the truth holds a value
    wrong: int = 0  # read as something the truth does not hold: wrong but stated as read
    wrong_keys: list[tuple[str, str, str]] = field(default_factory=list)


def compare(want: dict, got: dict) -> CellCounts:
    """Every truth cell, plus every cell the reader states that the truth does not have (the
    `other` row of a table that prints its three sub-rows): that one is wrong."""
    n = CellCounts(total=len(want))
    for k, v in want.items():
        g = got.get(k)
        if g == v:
            n.exact += 1
        elif g is None or g[1] == MISSING:
            n.missing += 1
        else:
            n.wrong += 1
            n.wrong_keys.append(k)
    for k, g in got.items():
        if k not in want and g[1] != MISSING:
            n.total += 1
            n.wrong += 1
            n.wrong_keys.append(k)
    return n


@dataclass
class Tally:
    cells: int = 0
    cells_exact: int = 0
    cells_missing: int = 0
    cells_wrong: int = 0
    documents: int = 0
    documents_exact: int = 0
    documents_with_wrong: int = 0
    false_alarms: int = 0
    false_alarms_from_misread: int = 0

    def add(self, n: CellCounts, alarms: int = 0, alarms_from_misread: int = 0) -> None:
        self.cells += n.total
        self.cells_exact += n.exact
        self.cells_missing += n.missing
        self.cells_wrong += n.wrong
        self.documents += 1
        self.documents_exact += n.total == n.exact
        self.documents_with_wrong += n.wrong > 0
        self.false_alarms += alarms
        self.false_alarms_from_misread += alarms_from_misread

    @property
    def cell_accuracy(self) -> float:
        return self.cells_exact / self.cells if self.cells else 1.0

    def to_dict(self) -> dict:
        share = (lambda x: round(x / self.cells, 6)) if self.cells else (lambda x: 0.0)
        return {"documents": self.documents, "documents_exact": self.documents_exact,
                "documents_with_wrong": self.documents_with_wrong, "cells": self.cells,
                "cells_exact": self.cells_exact, "cells_missing": self.cells_missing,
                "cells_wrong": self.cells_wrong, "cell_accuracy": round(self.cell_accuracy, 6),
                "missing_rate": share(self.cells_missing), "wrong_rate": share(self.cells_wrong),
                "false_alarms": self.false_alarms, "false_alarms_from_misread": self.false_alarms_from_misread}


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_layout: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_format: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_template: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # per kind, split by whether the truth prints every cell: what a lossy rendering can reach
    by_kind_printing: dict[str, dict[str, Tally]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Tally)))
    violations_injected: int = 0
    violations_found: int = 0
    violations_missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    clean_documents: int = 0
    clean_with_false_alarm: int = 0
    mismatches: list[str] = field(default_factory=list)
    wrong_cells: list[str] = field(default_factory=list)
    wrong_by_kind: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    self_consistency: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        def tally(t: Tally) -> dict:
            return t.to_dict()

        return {
            "overall": tally(self.overall),
            "by_kind": {k: tally(v) for k, v in sorted(self.by_kind.items())},
            "by_layout": {k: tally(v) for k, v in sorted(self.by_layout.items())},
            "by_format": {k: tally(v) for k, v in sorted(self.by_format.items())},
            "by_template": {k: tally(v) for k, v in sorted(self.by_template.items())},
            "by_kind_printing": {k: {p: tally(t) for p, t in sorted(v.items())}
                                 for k, v in sorted(self.by_kind_printing.items())},
            "violations": {"injected": self.violations_injected, "found": self.violations_found,
                           "missed": len(self.violations_missed)},
            "false_alarms": len(self.false_alarms),
            "clean_documents": self.clean_documents,
            "clean_documents_with_false_alarm": self.clean_with_false_alarm,
            "examples": {"mismatches": self.mismatches[:20], "wrong": self.wrong_cells[:20],
                         "missed": self.violations_missed[:20], "false_alarms": self.false_alarms[:20],
                         "wrong_by_kind": {k: v for k, v in sorted(self.wrong_by_kind.items())}},
            "self_consistency": self.self_consistency,
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


def kind_of(truth: dict, fmt: str) -> str:
    """The rendering kind: a real renderer's kind name, else `format:layout`."""
    layout = truth.get("layout")
    if isinstance(layout, dict) and layout.get("kind"):
        return layout["kind"]
    return f"{fmt}:{layout_of(truth)}"


def _failing(identities: Iterable) -> set[tuple[str, str]]:
    return {(i["id"], str(i["scope"])) for i in identities if i["status"] == "fail"}


def alarms_from_misread(parsed: dict, truth_cells: dict, wrong: list[tuple[str, str, str]],
                        alarms: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The false alarms that vanish once every wrong cell carries the truth's value and state."""
    if not wrong or not alarms:
        return set()
    cells = cells_of(parsed)
    for k in wrong:
        if k in truth_cells:
            cells[k] = truth_cells[k]
        else:
            del cells[k]
    fixed = _failing(r.to_dict() for r in evaluate([Cell(t, a, b, v, st) for (t, a, b), (v, st) in cells.items()],
                                                  parsed.get("narrative") or {}))
    return alarms - fixed


def printing_of(want: dict) -> str:
    """`every_cell_printed` (zeros printed, no blank cell in any table) or `with_blank_cells`:
    renderings that drop empty cells (plain pdftotext, run-together text, lynx with `<td></td>`)
    lose information only in the second."""
    return "with_blank_cells" if any(state == BLANK for _, state in want.values()) else "every_cell_printed"


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
        n = compare(want, got)
        for k, v in want.items():
            if got.get(k) != v and len(rep.mismatches) < 200:
                rep.mismatches.append(f"{doc.name}: {'/'.join(k)} read {got.get(k)} want {v}")
        fmt = truth.get("format") or parsed["source"]["format"]
        kind = kind_of(truth, fmt)
        for k in n.wrong_keys:
            line = f"{doc.name}: {'/'.join(k)} read {got.get(k)} want {want.get(k, 'no such cell')}"
            if len(rep.wrong_cells) < 200:
                rep.wrong_cells.append(line)
            if len(rep.wrong_by_kind[kind]) < 10:
                rep.wrong_by_kind[kind].append(line)
        layout = f"{fmt}:{layout_of(truth)}"
        expected = {(f["id"], str(f["scope"])) for f in truth.get("expected_identity_failures", [])
                    if f["id"] in _PER_DOCUMENT}
        failing = _failing(parsed.get("identities", []))
        alarms = failing - expected
        from_misread = alarms_from_misread(parsed, want, n.wrong_keys, alarms)
        for tally in (rep.overall, rep.by_kind[kind], rep.by_layout[layout], rep.by_format[fmt],
                      rep.by_template[template_of(truth)], rep.by_kind_printing[kind][printing_of(want)]):
            tally.add(n, len(alarms), len(from_misread))
        rep.violations_injected += len(expected)
        rep.violations_found += len(expected & failing)
        rep.violations_missed += [f"{doc.name}: {i} {s}" for i, s in sorted(expected - failing)]
        rep.false_alarms += [f"{doc.name}: {i} {s}" + (" (misread)" if (i, s) in from_misread else "")
                             for i, s in sorted(alarms)]
        if not expected:
            rep.clean_documents += 1
            rep.clean_with_false_alarm += bool(alarms)
    return rep


def unlabelled(folder: Path, labelled: Iterable[Path]) -> list[Path]:
    """Readable documents under folder that have no truth file (a corpus's README is not one)."""
    known = {p.resolve() for p in labelled}
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.upper().startswith("README") and p.resolve() not in known)


def self_consistency(folder: Path, parsed: Iterable[tuple[Path, dict]]) -> dict[str, dict]:
    """Per source folder (relative to folder): documents, read `ok`, read `ok` with every hard
    identity passing, and that share."""
    hard = frozenset(HARD_IDENTITIES)
    out: dict[str, dict] = {}
    for doc, report in parsed:
        key = str(doc.parent.relative_to(folder)) if doc.parent != folder else "."
        g = out.setdefault(key, {"documents": 0, "read_ok": 0, "ok_and_consistent": 0})
        g["documents"] += 1
        ok = report["report"].get("parse_status") == "ok"
        g["read_ok"] += ok
        g["ok_and_consistent"] += ok and all(i["status"] == "pass" for i in report.get("identities", [])
                                             if i["id"] in hard)
    for g in out.values():
        g["share_consistent"] = round(g["ok_and_consistent"] / g["documents"], 6)
    return dict(sorted(out.items()))


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
             f"cells missing {o['cells_missing']} ({o['missing_rate']:.4%}), "
             f"WRONG BUT STATED AS READ {o['cells_wrong']} ({o['wrong_rate']:.4%}); "
             f"false alarms caused by a misread {o['false_alarms_from_misread']}",
             f"{'kind / layout / format':40s} {'docs':>6s} {'exact':>6s} {'cells':>8s} {'accuracy':>9s} "
             f"{'missing':>9s} {'wrong':>9s} {'alarms':>6s} {'misread':>7s}"]
    for group in ("by_template", "by_format", "by_kind"):  # by_kind: by_layout's rows, real renderers under their kind name
        for name, t in d[group].items():
            lines.append(f"{name:40s} {t['documents']:6d} {t['documents_exact']:6d} {t['cells']:8d} "
                         f"{t['cell_accuracy']:9.4%} {t['missing_rate']:9.4%} {t['wrong_rate']:9.4%} "
                         f"{t['false_alarms']:6d} {t['false_alarms_from_misread']:7d}")
    for kind, split in d["by_kind_printing"].items():
        for printing, t in split.items():
            lines.append(f"  {kind + ', ' + printing.replace('_', ' '):38s} {t['documents']:6d} "
                         f"{t['documents_exact']:6d} {t['cells']:8d} {t['cell_accuracy']:9.4%} "
                         f"{t['missing_rate']:9.4%} {t['wrong_rate']:9.4%} {t['false_alarms']:6d} "
                         f"{t['false_alarms_from_misread']:7d}")
    for kind in ("wrong", "mismatches", "missed", "false_alarms"):
        for example in d["examples"][kind][:10]:
            lines.append(f"  {kind}: {example}")
    if d["self_consistency"]:
        lines.append(f"unlabelled documents (no truth file): {'source folder':28s} {'docs':>6s} {'ok':>6s} "
                     f"{'ok+identities':>13s} {'share':>8s}")
        for name, g in d["self_consistency"].items():
            lines.append(f"  {name:64s} {g['documents']:6d} {g['read_ok']:6d} {g['ok_and_consistent']:13d} "
                         f"{g['share_consistent']:8.2%}")
    return "\n".join(lines)

"""Which cells a lossy rendering leaves determined by the identities: the yardstick of issue 13's
"read every cell the identities determine" for kinds that drop blank cells.

Loss model: a row prints its non-blank cells in order and its blank cells vanish (lynx's and
plain pdftotext's loss), the rows themselves known. A row's candidates are the order-keeping
placements of its printed values; the report's equations (ingest/data/identities.csv, through
`identities.cell_equations`) prune them to a fixpoint (per equation, a candidate stays if the
other rows' candidates can complete the sum). A cell is determinable when every remaining
candidate of its row gives it the same value. The pruning keeps every joint solution, so a cell
it calls determinable is determined; knowing the rows makes it an upper bound for renderings
that lose them too (plain pdftotext's column flows). Reports that print an inconsistency
(`expected_identity_failures`) are counted apart: the truth breaks the equations the model prunes by.

usage: python bench/determinable.py FOLDER [--t4 one|proceeding]
  one: table 4's fifteen cells are one row (as lynx prints the value row); proceeding: one row each.
Prints per printing class: cells, determinable, the reader's exact cells among them, and exact
cells outside them (read from what the model ignores, e.g. a blank line printed for `&nbsp;`)."""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable
from pathlib import Path

from ingest.accuracy import cells_of, printing_of
from ingest.identities import cell_equations
from ingest.normalize import NUMBER_STATE
from ingest.parse import parse_file

BLANK = (None, "blank")
Key = tuple[str, str, str]


def rows_of(want: dict[Key, tuple], t4: str) -> dict[tuple, list[Key]]:
    rows: dict[tuple, list[Key]] = {}
    for key in want:
        table, row, _ = key
        rid = (table,) if table == "review_litigation" and t4 == "one" else (table, row)
        rows.setdefault(rid, []).append(key)
    return rows


def placements(keys: list[Key], want: dict[Key, tuple]) -> list[dict[Key, tuple]]:
    printed = [want[k] for k in keys if want[k][1] != "blank"]
    out = []
    for at in itertools.combinations(range(len(keys)), len(printed)):
        cand = dict.fromkeys(keys, BLANK)
        cand.update({keys[i]: tok for i, tok in zip(at, printed)})
        out.append(cand)
    return out


def _num(tok: tuple) -> float:
    return tok[0] if tok[1] == NUMBER_STATE and tok[0] is not None else 0


def equations(want: dict[Key, tuple]) -> list[list[tuple[Key, int]]]:
    has_other_row = any(k[0] == "applications" and k[1] == "other" for k in want)
    out = []
    for _, _, lhs, rhs in cell_equations(has_other_row):
        terms = [(k, 1) for k in lhs] + [(k, -1) for k in rhs]
        if terms and all(k in want for k, _ in terms):
            out.append(terms)
    return out


def determinable(want: dict[Key, tuple], t4: str = "one") -> dict[Key, tuple]:
    """The cells every placement the equations leave agrees on, with that value and state."""
    rows = rows_of(want, t4)
    row_of = {k: rid for rid, keys in rows.items() for k in keys}
    cands = {rid: placements(keys, want) for rid, keys in rows.items()}
    eqs = equations(want)
    changed = True
    while changed:
        changed = False
        for terms in eqs:
            by_row: dict[tuple, list[tuple[Key, int]]] = {}
            for k, sign in terms:
                by_row.setdefault(row_of[k], []).append((k, sign))
            rids = list(by_row)

            def part(rid: tuple, cand: dict) -> float:
                return sum(_num(cand[k]) * s for k, s in by_row[rid])

            domains = [{part(rid, c) for c in cands[rid]} for rid in rids]
            before = [{0}]
            for d in domains:
                before.append({a + v for a in before[-1] for v in d})
            after = [{0}]
            for d in reversed(domains):
                after.append({a + v for a in after[-1] for v in d})
            after.reverse()
            for i, rid in enumerate(rids):
                ok = {v for v in domains[i] if any(abs(v + a + b) < 1e-6 for a in before[i] for b in after[i + 1])}
                keep = [c for c in cands[rid] if part(rid, c) in ok]
                if len(keep) < len(cands[rid]):
                    cands[rid], changed = keep, True
    out = {}
    for rid, keys in rows.items():
        for k in keys:
            seen = {c[k] for c in cands[rid]}
            if len(seen) == 1:
                out[k] = seen.pop()
    return out


def tally(truths: Iterable[Path], t4: str) -> dict[str, dict[str, int]]:
    agg: dict[str, dict[str, int]] = {}
    for truth_path in truths:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        want = cells_of(truth)
        cls = printing_of(want) + ("/printed_inconsistency" if truth.get("expected_identity_failures") else "")
        det = determinable(want, t4)
        source = next(p for p in truth_path.parent.glob(truth_path.name[: -len(".truth.json")] + ".*")
                      if not p.name.endswith(".json"))
        got = cells_of(parse_file(source).to_dict())
        exact = {k for k in want if got.get(k) == want[k]}
        a = agg.setdefault(cls, dict.fromkeys(("docs", "cells", "determinable", "exact", "exact_determinable",
                                               "exact_outside"), 0))
        a["docs"] += 1
        a["cells"] += len(want)
        a["determinable"] += len(det)
        a["exact"] += len(exact)
        a["exact_determinable"] += len(exact & det.keys())
        a["exact_outside"] += len(exact - det.keys())
    return agg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--t4", choices=("one", "proceeding"), default="one")
    args = ap.parse_args()
    for cls, a in sorted(tally(sorted(args.folder.glob("*.truth.json")), args.t4).items()):
        print(f"{cls:40s} docs {a['docs']:4d} cells {a['cells']:6d} determinable {a['determinable']:6d}"
              f" ({100 * a['determinable'] / a['cells']:.2f} %) read exactly: {a['exact_determinable']}"
              f" ({100 * a['exact_determinable'] / max(a['determinable'], 1):.2f} %) of them,"
              f" {a['exact_outside']} outside")


if __name__ == "__main__":
    main()

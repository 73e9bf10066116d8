"""How a lossy rendering reads on sets nobody tuned on: per set and pooled over sets, cells exact
(all, and split by whether the truth prints every cell), cells wrong; optionally against a
baseline run, documents read better or worse.

Issue 13's goal for plain `pdftotext` (≥ 95 % where every cell is printed) is judged on seeds the
reader was never tuned on. One set of 150 holds 60–80 every-cell-printed documents and one lost
table 3 costs about 190 cells, so single sets spread by ±2 points: pool several (docs/accuracy.md,
stop 20).

usage: python bench/plain_sets.py SET... [--out DIR] [--base DIR] [--jobs N]
  SET: a folder of documents with truth files, e.g. one made by
       `python -m ingest.generator.render_real --kinds pdftotext_plain --count 150 --seed N --out S`
       (its pdftotext_plain/ subfolder is taken when present).
  --out DIR: write DIR/<set name>.json (totals and per-document counts) for a later --base.
  --base DIR: compare with those files: documents up and down, and cells stated wrong."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from pathlib import Path

from ingest.accuracy import cells_of, compare, printing_of, truth_pairs
from ingest.parallel import parsed_reports

CLASSES = ("all", "every_cell_printed", "with_blank_cells")


def measure(folder: Path, jobs: int = 1) -> dict:
    """Totals per class ([cells, exact, missing, wrong]) and per-document counts of one set."""
    pairs = list(truth_pairs(folder))
    totals = {k: [0, 0, 0, 0] for k in CLASSES}
    docs = []
    for (doc, truth), (_, parsed) in zip(pairs, parsed_reports([str(d) for d, _ in pairs], jobs=jobs)):
        want = cells_of(json.loads(truth.read_text(encoding="utf-8")))
        got = cells_of(parsed)
        n = compare(want, got)
        printing = printing_of(want)
        for k in ("all", printing):
            for i, x in enumerate((n.total, n.exact, n.missing, n.wrong)):
                totals[k][i] += x
        docs.append({"doc": doc.name, "printing": printing, "cells": n.total, "exact": n.exact,
                     "missing": n.missing, "wrong": n.wrong,
                     "wrong_cells": ["/".join(k) + f" read {got.get(k)} want {want.get(k)}" for k in n.wrong_keys]})
    return {"totals": totals, "documents": docs}


def share(totals: dict, k: str) -> str:
    cells, exact = totals[k][0], totals[k][1]
    return f"{100 * exact / cells:.2f}" if cells else "-"


def pooled(runs: Iterable[dict]) -> dict:
    out = {k: [0, 0, 0, 0] for k in CLASSES}
    for run in runs:
        for k in CLASSES:
            out[k] = [a + b for a, b in zip(out[k], run["totals"][k])]
    return out


def moved(run: dict, base: dict) -> tuple[int, int]:
    """Documents read better, worse than in `base` (by cells exact)."""
    before = {d["doc"]: d["exact"] for d in base["documents"]}
    up = sum(d["exact"] > before[d["doc"]] for d in run["documents"] if d["doc"] in before)
    down = sum(d["exact"] < before[d["doc"]] for d in run["documents"] if d["doc"] in before)
    return up, down


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--base", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    runs = []
    print(f"{'set':24} {'all':>7} {'printed':>8} {'blanks':>7} {'wrong':>6}" + ("   up down" if args.base else ""))
    for folder in args.sets:
        src = folder / "pdftotext_plain" if (folder / "pdftotext_plain").is_dir() else folder
        run = measure(src, args.jobs)
        runs.append(run)
        line = (f"{folder.name:24} {share(run['totals'], 'all'):>7} {share(run['totals'], 'every_cell_printed'):>8} "
                f"{share(run['totals'], 'with_blank_cells'):>7} {run['totals']['all'][3]:>6}")
        if args.base and (b := args.base / f"{folder.name}.json").is_file():
            line += " {:>5} {:>4}".format(*moved(run, json.loads(b.read_text(encoding="utf-8"))))
        print(line)
        for d in run["documents"]:
            for w in d["wrong_cells"]:
                print(f"    wrong: {d['doc']}: {w}")
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{folder.name}.json").write_text(json.dumps(run, ensure_ascii=False), encoding="utf-8")
    pool = pooled(runs)
    print(f"{'pooled':24} {share(pool, 'all'):>7} {share(pool, 'every_cell_printed'):>8} "
          f"{share(pool, 'with_blank_cells'):>7} {pool['all'][3]:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Write a corpus: N documents round-robin over layouts x formats, a `.truth.json` beside
each, and `manifest.jsonl`.

Document i is a pure function of (seed, i): workers can make documents in any order and
the same seed always gives the same bytes. Some odd-numbered documents are the next year's
report of document i-1's body (for the cross-year checks), with the carry-over broken when
a cross-year violation is drawn.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import orjson

from .render import COMBOS, render
from .truth import CROSS_YEAR_VIOLATIONS, VIOLATIONS, Truth, make_truth


RATE_2019 = 0.04  # share of reports printing the 2019 template's table 2


@dataclass(slots=True)
class Plan:
    index: int
    seed: int
    layout: str
    fmt: str
    format_version: str
    other_as_one_row: bool
    violations: list[str]
    successor: bool


def doc_seed(seed: int, i: int) -> int:
    h = hashlib.blake2b(f"{seed}:{i}".encode(), digest_size=8).digest()
    return int.from_bytes(h, "big") >> 1


def plan(seed: int, i: int, combos: tuple[tuple[str, str], ...], violation_rate: float,
         series_rate: float = 0.1, rate_2019: float = RATE_2019) -> Plan:
    rng = random.Random(doc_seed(seed, i) ^ 0x5EED)
    layout, fmt = combos[i % len(combos)]
    fv = "2019" if rng.random() < rate_2019 else "2021"
    other_one = fv == "2021" and rng.random() < 0.06
    successor = i % 2 == 1 and rng.random() < series_rate
    violations: list[str] = []
    if rng.random() < violation_rate:
        k = 1 if rng.random() < 0.85 else 2
        violations = rng.sample(VIOLATIONS, k)
        if successor and rng.random() < 0.5:
            violations.append(rng.choice(CROSS_YEAR_VIOLATIONS))
    return Plan(i, doc_seed(seed, i), layout, fmt, fv, other_one, violations, successor)


def truth_for(seed: int, i: int, combos: tuple[tuple[str, str], ...], violation_rate: float,
              series_rate: float = 0.1, rate_2019: float = RATE_2019) -> tuple[Plan, Truth]:
    p = plan(seed, i, combos, violation_rate, series_rate, rate_2019)
    previous = None
    if p.successor:
        _, prev = truth_for(seed, i - 1, combos, violation_rate, series_rate, rate_2019) if i else (None, None)
        if prev is not None and prev.year < 2025:
            previous = prev
    viol = p.violations if previous is not None else [v for v in p.violations if v not in CROSS_YEAR_VIOLATIONS]
    fv = p.format_version
    if previous is not None and "cross_year_in_force" in viol and (fv != "2021" or previous.format_version != "2021"):
        viol = [v for v in viol if v != "cross_year_in_force"]
    t = make_truth(p.seed, violations=viol, other_as_one_row=p.other_as_one_row, format_version=fv,
                   previous=previous, verify=False)
    return p, t


def make_document(seed: int, i: int, combos: tuple[tuple[str, str], ...], violation_rate: float,
                  series_rate: float = 0.1,
                  rate_2019: float = RATE_2019) -> tuple[str, bytes, dict[str, Any], dict[str, Any]]:
    """(file name, document bytes, truth dict, manifest entry) of document i."""
    p, t = truth_for(seed, i, combos, violation_rate, series_rate, rate_2019)
    data, layout_info = render(t, p.layout, p.fmt)
    stem = f"{i:06d}_{p.fmt}_{p.layout}"
    name = f"{stem}.{p.fmt}"
    truth = t.to_dict(path=name, fmt=p.fmt, layout=layout_info)
    entry = {
        "index": i,
        "file": name,
        "truth": f"{stem}.truth.json",
        "seed": p.seed,
        "layout": p.layout,
        "format": p.fmt,
        "encoding": layout_info.get("encoding"),
        "agency": t.body.agency,
        "year": t.year,
        "format_version": t.format_version,
        "other_as_one_row": t.other_as_one_row,
        "violations": t.injected,
        "expected_identity_failures": len(t.failures),
        "previous": t.previous,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return name, data, truth, entry


def _write_range(args: tuple[str, int, int, int, tuple, float, float, bool, bool, float]) -> list[bytes]:
    out_dir, seed, lo, hi, combos, rate, series_rate, pretty, truth_files, rate_2019 = args
    opt = orjson.OPT_INDENT_2 if pretty else 0
    out = Path(out_dir)
    lines = []
    for i in range(lo, hi):
        name, data, truth, entry = make_document(seed, i, combos, rate, series_rate, rate_2019)
        (out / name).write_bytes(data)
        if truth_files:
            (out / entry["truth"]).write_bytes(orjson.dumps(truth, option=opt))
        lines.append(orjson.dumps(entry))
    return lines


def select_combos(layouts: Iterable[str] | None, formats: Iterable[str] | None) -> tuple[tuple[str, str], ...]:
    ls = set(layouts) if layouts else None
    fs = set(formats) if formats else None
    combos = tuple(c for c in COMBOS if (ls is None or c[0] in ls) and (fs is None or c[1] in fs))
    if not combos:
        raise SystemExit(f"no (layout, format) left; known: {', '.join(f'{l}/{f}' for l, f in COMBOS)}")
    return combos


def generate(out_dir: str | os.PathLike, count: int, seed: int, *, violation_rate: float = 0.2,
             layouts: Iterable[str] | None = None, formats: Iterable[str] | None = None,
             jobs: int = 1, series_rate: float = 0.1, chunk: int = 500, pretty: bool = False,
             truth_files: bool = True, rate_2019: float = RATE_2019) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    combos = select_combos(layouts, formats)
    tasks = [(str(out), seed, lo, min(count, lo + chunk), combos, violation_rate, series_rate, pretty, truth_files,
              rate_2019)
             for lo in range(0, count, chunk)]
    with open(out / "manifest.jsonl", "wb") as mf:
        if jobs <= 1 or len(tasks) == 1:
            for t in tasks:
                for line in _write_range(t):
                    mf.write(line + b"\n")
        else:
            import multiprocessing as mp

            pool = mp.get_context("fork").Pool(jobs)
            try:
                for lines in pool.imap(_write_range, tasks):
                    for line in lines:
                        mf.write(line + b"\n")
                pool.close()  # the workers exit on their own: a SIGTERM the process ignores would hang terminate()
            except BaseException:
                pool.terminate()
                raise
            finally:
                pool.join()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.generator",
                                 description="Generate a corpus of synthetic annual reports with their truth.")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--count", type=int, required=True, help="number of documents")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--violation-rate", type=float, default=0.2,
                    help="share of documents with injected identity violations (default 0.2)")
    ap.add_argument("--series-rate", type=float, default=0.1,
                    help="share of odd documents that are the next year of the previous body (default 0.1)")
    ap.add_argument("--rate-2019", type=float, default=RATE_2019,
                    help=f"share of reports with the 2019 template's table 2 (default {RATE_2019})")
    ap.add_argument("--layouts", nargs="+", help=f"subset of: {' '.join(dict.fromkeys(l for l, _ in COMBOS))}")
    ap.add_argument("--formats", nargs="+", help="subset of: txt md html docx xlsx pdf")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--pretty", action="store_true", help="indent the truth JSON files")
    ap.add_argument("--no-truth", action="store_true",
                    help="skip the .truth.json files (benchmarks; manifest.jsonl is still written)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    generate(a.out, a.count, a.seed, violation_rate=a.violation_rate, layouts=a.layouts, formats=a.formats,
             jobs=a.jobs, series_rate=a.series_rate, pretty=a.pretty, truth_files=not a.no_truth,
             rate_2019=a.rate_2019)
    dt = time.perf_counter() - t0
    print(f"wrote {a.count} documents to {a.out} in {dt:.2f}s ({a.count / dt if dt else 0:.0f}/s)",
          file=sys.stderr)
    return 0

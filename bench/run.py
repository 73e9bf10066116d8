"""National-scale benchmark: files → raw → dbt marts → checks, per stage, and the hardware baseline.

    .venv/bin/python bench/run.py --sizes 1000 10000 100000
    make bench                                   # the same, sizes from BENCH_SIZES

For each size N the project's generator writes N reports (text and HTML by default, no
truth files) under --work (default /dev/shm/gongkai-bench), and the whole `gongkai run`
command builds a fresh warehouse from them. Per stage (Dagster step) it prints wall time,
reports per second and peak memory of the process tree (RSS summed over `gongkai run` and
its workers, and PSS, which counts pages shared after fork once), sampled from /proc.
Stages: parse and load raw (the raw asset's own split), dbt build (models and tests),
checks (the GX identity checks and the GX Data Docs asset), publish (the release and the
readers' snapshot); "other" is start-up and
Dagster's bookkeeping. After each run it prints, per stage, the processes at the tree's RSS
peak (role, RSS/PSS MB each): which of them holds the memory. Beside it, a baseline of what the hardware allows: reading the same
files and extracting their digits with one regular expression, on every core.

After the runs of each size it times `gongkai export` of the warehouse (wall time, Parquet and
CSV sizes), then one more run with the parse on a Dask LocalCluster of --dask-workers workers
(GONGKAI_DASK_WORKERS, warehouse/distributed.py) against the default path.

For the largest size it also times the incremental case: 10 more reports (the generator's
documents N..N+9) dropped into the folder and `gongkai run` again, end to end.

`--legacy-office N` instead times `gongkai parse --json` on N reports as .docx and on the
same rendered to .doc by LibreOffice (read through the LibreOffice service), and stops.

OCR (`--ocr N`, default 3; `--ocr-only` runs only this part): N of the committed LibreOffice
PDFs (tests/fixtures/rendered/lo_pdf_ruled) scanned at 200 dpi (ingest.generator.scans: turned
±0.5°, noise σ 5, JPEG q85) and parsed one after the other by one OCR worker process (what the
`ocr_pages` step runs, one onnxruntime thread): CPU seconds per page (whole report: deskew,
rules, detection, recognition, layout, mapping, identities), pages per second per core, and
the worker's peak RSS (models loaded). Target (issue 14): ≤ 3 s a page, ≤ 600 MB.

Independent of N: `gongkai parse --json` on 5,000 text/HTML files and on a 5-page PDF with a
text layer, whole command, start-up included. Figures are medians of --repeat runs; the load
average is printed with each measurement because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
GONGKAI = str(BIN / "gongkai")
REAL_PDF = REPO / "tests" / "data" / "real" / "huaian-hongze-2024.pdf"  # the real report of the reader tests
DIGITS = re.compile(rb"\d+")
STAGES = ("find files", "parse", "load raw", "dbt build", "checks", "publish", "other", "total")
STEP_STAGE = {"load_raw_tables": "raw", "warehouse_dbt_models": "dbt build", "gx_identity_checks": "checks",
              "gx_data_docs": "checks", "release": "publish", "warehouse_snapshot": "publish"}


# ---- machine and memory -------------------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "affinity": len(os.sched_getaffinity(0)), "cpu": cpu, "free_h": free,
            "python": sys.version.split()[0], "loadavg_start": load()}


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _children_map() -> tuple[dict[int, list[int]], dict[int, int]]:
    """Children of every process, and the parent of every process."""
    kids: dict[int, list[int]] = {}
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
        parents[int(entry.name)] = ppid
    return kids, parents


def _tree(root: int) -> list[tuple[int, int]]:
    """(pid, parent pid) of `root` and its descendants."""
    kids, parents = _children_map()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append((pid, parents.get(pid, 0)))
        todo.extend(kids.get(pid, ()))
    return out


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes of one process; PSS counts shared pages by their share."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    rss = pss = 0
    for line in text.splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) * 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) * 1024
    return rss, pss


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _role(pid: int, root: int, cmd: str, parent_cmd: str) -> str:
    """What a process of the `gongkai run` tree is, from its command line and its parent's."""
    if pid == root:
        return "gongkai run"
    if "warehouse.raw_load" in cmd:
        return "raw load worker" if "warehouse.raw_load" in parent_cmd else "raw load"
    if "watch_orphans" in cmd or (os.path.basename(cmd.split(" ", 1)[0]) == "tail" and "-F" in cmd):
        return "dagster log capture"
    if "forkserver" in cmd:
        return "gx worker" if "forkserver" in parent_cmd else "forkserver"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if any(os.path.basename(word) == "dbt" for word in cmd.split(" ")[:3]):
        return "dbt"
    if cmd == parent_cmd:
        return "fork of " + ("gongkai run" if "gongkai" in cmd else "parent")
    return os.path.basename(cmd.split(" ", 1)[0]) or "?"


@dataclass
class ProcessMemory:
    pid: int
    role: str
    rss: int
    pss: int


class TreeSampler:
    """Samples RSS and PSS summed over a process and its descendants every `interval` seconds,
    and keeps each sample's per-process figures (to say which process holds what at a peak)."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, int, int]] = []  # (epoch seconds, rss, pss)
        self.breakdowns: list[list[ProcessMemory]] = []  # per sample
        self._cmdlines: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _cmd(self, pid: int) -> str:
        cmd = _cmdline(pid)  # a forked child keeps its parent's command line until it execs
        if cmd:
            self._cmdlines[pid] = cmd
        return self._cmdlines.get(pid, "")

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = pss = 0
            parts = []
            for pid, ppid in _tree(self.pid):
                r, p = _memory(pid)
                if not r:
                    continue
                rss, pss = rss + r, pss + p
                parts.append(ProcessMemory(pid, _role(pid, self.pid, self._cmd(pid), self._cmd(ppid)), r, p))
            if rss:
                self.samples.append((time.time(), rss, pss))
                self.breakdowns.append(parts)
            self._stop.wait(self.interval)

    def _window(self, start: float | None, end: float | None) -> list[int]:
        return [i for i, s in enumerate(self.samples)
                if (start is None or s[0] >= start) and (end is None or s[0] <= end)]

    def peak(self, start: float | None = None, end: float | None = None) -> tuple[int, int]:
        window = [self.samples[i] for i in self._window(start, end)]
        return (max((s[1] for s in window), default=0), max((s[2] for s in window), default=0))

    def peak_breakdown(self, start: float | None = None, end: float | None = None) -> list[ProcessMemory]:
        """The processes of the sample with the highest summed RSS in the window."""
        window = self._window(start, end)
        if not window:
            return []
        return self.breakdowns[max(window, key=lambda i: self.samples[i][1])]


def run_sampled(cmd: list[str], env: dict | None = None, stdout=subprocess.DEVNULL) -> dict:
    """Run a command; its wall time, exit status, peak tree RSS/PSS and largest single-process maxrss."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started_epoch, started = time.time(), time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=stdout, stderr=subprocess.PIPE, cwd=REPO)
    with TreeSampler(proc.pid) as sampler:
        _, err = proc.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss, pss = sampler.peak()
    return {"cmd": cmd[:3], "wall": wall, "returncode": proc.returncode, "stderr": err.decode(errors="replace")[-4000:],
            "peak_rss": rss, "peak_pss": pss, "max_single_rss": after.ru_maxrss * 1024,
            "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
            "started": started_epoch, "sampler": sampler, "load": load()}


# ---- corpus and baseline --------------------------------------------------------------------------

def corpus(work: Path, n: int, seed: int, formats: list[str]) -> Path:
    out = work / f"corpus-{n}-s{seed}-{'-'.join(formats)}"
    manifest = out / "manifest.jsonl"
    if manifest.exists() and sum(1 for _ in manifest.open("rb")) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(out), "--count", str(n), "--seed",
                    str(seed), "--jobs", str(len(os.sched_getaffinity(0))), "--no-truth", "--formats", *formats],
                   check=True, cwd=REPO)
    print(f"  generated {n} reports in {time.perf_counter() - started:.1f}s → {out}", flush=True)
    return out


def report_files(folder: Path) -> list[Path]:
    sys.path.insert(0, str(REPO))
    from ingest.file_types import SUFFIXES

    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)


def _digits_of(paths: list[str]) -> int:
    found = 0
    for path in paths:
        with open(path, "rb") as fh:
            found += len(DIGITS.findall(fh.read()))
    return found


def baseline(files: list[Path], jobs: int) -> dict:
    """Read every file and find its digit runs with one regex: single process, and `jobs` processes."""
    import multiprocessing

    paths = [str(p) for p in files]
    started = time.perf_counter()
    _digits_of(paths)
    single = time.perf_counter() - started
    chunks = [paths[i:i + 256] for i in range(0, len(paths), 256)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        sum(pool.map(_digits_of, chunks))
    parallel = time.perf_counter() - started
    return {"single": single, "parallel": parallel, "best": min(single, parallel)}


# ---- the pipeline ---------------------------------------------------------------------------------

def _env(dagster_home: Path, data: Path, warehouse: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DAGSTER_"))}
    env.update(DAGSTER_HOME=str(dagster_home), GONGKAI_DATA=str(data), GONGKAI_WAREHOUSE=str(warehouse),
               DBT_SEND_ANONYMOUS_USAGE_STATS="false", PYTHONUNBUFFERED="1")
    return env


def _step_windows(dagster_home: Path) -> tuple[dict[str, list[tuple[float, float]]], dict]:
    """Per step key, (start, end) epoch seconds of the latest run; and the raw asset's metadata."""
    code = r"""
import json, sys
from dagster import DagsterEventType, DagsterInstance
instance = DagsterInstance.get()
run = instance.get_runs(limit=1)[0]
windows, meta = {}, {}
for record in instance.all_logs(run.run_id):
    ev = record.dagster_event
    if ev is None or ev.step_key is None:
        continue
    kind = ev.event_type
    if kind == DagsterEventType.STEP_START:
        windows.setdefault(ev.step_key, []).append([record.timestamp, None])
    elif kind in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
        windows[ev.step_key][-1][1] = record.timestamp
    elif kind == DagsterEventType.ASSET_MATERIALIZATION and ev.step_key == "load_raw_tables":
        m = ev.event_specific_data.materialization
        for k, v in m.metadata.items():
            if k in ("parse_seconds", "load_seconds", "files_found", "rows_loaded"):
                meta.setdefault(str(m.asset_key.path[-1]), {})[k] = v.value
json.dump({"windows": windows, "meta": meta, "status": str(run.status)}, sys.stdout)
"""
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    data = json.loads(out)
    return data["windows"], {"meta": data["meta"], "status": data["status"]}


@dataclass
class StageFigure:
    seconds: float
    reports_per_s: float | None
    peak_rss_mb: float
    peak_pss_mb: float
    # the processes of the tree at its RSS peak in the stage: (pid, role, RSS MB, PSS MB)
    processes: list[tuple[int, str, float, float]] = field(default_factory=list)


@dataclass
class PipelineRun:
    label: str
    reports: int
    wall: float
    stages: dict[str, StageFigure]
    load: str
    returncode: int
    rows: dict = field(default_factory=dict)


def gongkai_run(label: str, input_dir: Path, warehouse: Path, dagster_home: Path, data: Path,
                reports: int, extra_env: dict | None = None) -> PipelineRun:
    env = {**_env(dagster_home, data, warehouse), **(extra_env or {})}
    result = run_sampled([GONGKAI, "run", "--input", str(input_dir), "--warehouse", str(warehouse)], env=env,
                         stdout=subprocess.PIPE)
    if result["returncode"] != 0:
        print(f"  gongkai run failed ({result['returncode']}):\n{result['stderr']}", file=sys.stderr)
    windows, info = _step_windows(dagster_home)
    sampler: TreeSampler = result["sampler"]
    stages: dict[str, StageFigure] = {}

    def figure(seconds: float, spans: list[tuple[float, float]], count: int | None) -> StageFigure:
        peaks = [sampler.peak(a, b) for a, b in spans] or [(0, 0)]
        top = max(spans, key=lambda span: sampler.peak(*span)[0], default=None)
        return StageFigure(seconds, (count / seconds) if count and seconds > 0 else None,
                           max(p[0] for p in peaks) / 2**20, max(p[1] for p in peaks) / 2**20,
                           _processes(sampler.peak_breakdown(*top)) if top else [])

    spans = {stage: [] for stage in ("raw", "dbt build", "checks", "publish")}
    for step, runs in windows.items():
        stage = STEP_STAGE.get(step)
        if stage:
            spans[stage].extend((a, b) for a, b in runs if b is not None)
    raw_meta = info["meta"].get("reports", {})
    raw_seconds = sum(b - a for a, b in spans["raw"])
    parse_s = float(raw_meta.get("parse_seconds") or raw_seconds)
    load_s = float(raw_meta.get("load_seconds") or 0.0)
    stages["find files"] = figure(max(0.0, raw_seconds - parse_s - load_s), spans["raw"], None)
    stages["parse"] = figure(parse_s, spans["raw"], reports)
    stages["load raw"] = figure(load_s, spans["raw"], reports)
    for stage in ("dbt build", "checks", "publish"):
        stages[stage] = figure(sum(b - a for a, b in spans[stage]), spans[stage], reports)
    in_steps = raw_seconds + stages["dbt build"].seconds + stages["checks"].seconds + stages["publish"].seconds
    stages["other"] = StageFigure(result["wall"] - in_steps, None, 0.0, 0.0)
    stages["total"] = StageFigure(result["wall"], reports / result["wall"], result["peak_rss"] / 2**20,
                                  result["peak_pss"] / 2**20, _processes(sampler.peak_breakdown()))
    return PipelineRun(label, reports, result["wall"], stages, result["load"], result["returncode"],
                       {"raw": info["meta"], "status": info["status"]})


def export_release(warehouse: Path, out: Path) -> dict:
    """`gongkai export` of a built warehouse, whole command: wall time and the release's size."""
    started = time.perf_counter()
    done = subprocess.run([GONGKAI, "export", "--warehouse", str(warehouse), "--out", str(out)],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        print(f"  gongkai export failed ({done.returncode}):\n{done.stderr}", file=sys.stderr)
    sizes = {kind: sum(p.stat().st_size for p in (out / kind).rglob("*") if p.is_file()) / 2**20
             for kind in ("parquet", "csv")} if out.exists() else {}
    return {"seconds": wall, "returncode": done.returncode, "parquet_mb": sizes.get("parquet"),
            "csv_mb": sizes.get("csv"), "warehouse_mb": warehouse.stat().st_size / 2**20, "load": load()}


def _processes(parts: list[ProcessMemory]) -> list[tuple[int, str, float, float]]:
    return [(p.pid, p.role, round(p.rss / 2**20, 1), round(p.pss / 2**20, 1))
            for p in sorted(parts, key=lambda p: -p.rss)]


def breakdown_lines(run: PipelineRun) -> list[str]:
    """Per stage, which processes held the tree's memory at its RSS peak."""
    lines = []
    for stage in ("parse", "dbt build", "checks", "total"):
        figure = run.stages[stage]
        if not figure.processes:
            continue
        name = "find/parse/load" if stage == "parse" else stage
        parts = ", ".join(f"{role} {rss:,.0f}/{pss:,.0f}" for _, role, rss, pss in figure.processes)
        lines.append(f"    at the {name} peak ({figure.peak_rss_mb:,.0f} MB RSS / {figure.peak_pss_mb:,.0f} PSS "
                     f"summed): {parts}")
    return lines


def add_reports(folder: Path, first: int, count: int, seed: int, formats: list[str]) -> list[Path]:
    """The generator's documents first..first+count-1 (same seed: some continue earlier bodies)."""
    sys.path.insert(0, str(REPO))
    from ingest.generator.corpus import make_document, select_combos

    combos = select_combos(None, formats)
    written = []
    for i in range(first, first + count):
        name, data, _, _ = make_document(seed, i, combos, 0.2)
        (folder / name).write_bytes(data)
        written.append(folder / name)
    return written


# ---- gongkai parse --------------------------------------------------------------------------------

def parse_command(files: list[Path], repeat: int) -> dict:
    walls, loads = [], []
    for _ in range(repeat):
        result = run_sampled([GONGKAI, "parse", *map(str, files), "--json"])
        if result["returncode"] not in (0, 1):
            raise RuntimeError(result["stderr"])
        walls.append(result["wall"])
        loads.append(result["load"])
        peak = result["peak_rss"]
    median = statistics.median(walls)
    return {"files": len(files), "walls": walls, "median": median, "reports_per_s": len(files) / median,
            "peak_rss_mb": peak / 2**20, "loads": loads}


OCR_SOURCES = REPO / "tests" / "fixtures" / "rendered" / "lo_pdf_ruled"
_OCR_WORKER = """
import json, resource, sys, time
from ingest.parse import parse_file, warm_up
from ingest.readers import _ocr_engine
warm_up(); _ocr_engine.engine()
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
t0, w0 = cpu(), time.perf_counter()
status = [parse_file(p).parse_status for p in sys.argv[1:]]
print(json.dumps({"cpu": cpu() - t0, "wall": time.perf_counter() - w0, "status": status,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def ocr_bench(work: Path, n: int) -> dict:
    """One OCR worker (a fresh process, one onnxruntime thread) parsing n scanned reports."""
    import pypdfium2

    scans = work / f"ocr-scans-{n}"
    shutil.rmtree(scans, ignore_errors=True)
    src = work / "ocr-src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    for pdf in sorted(OCR_SOURCES.glob("*.pdf"))[:n]:
        shutil.copy(pdf, src / pdf.name)
        shutil.copy(pdf.with_name(pdf.stem + ".truth.json"), src)
    subprocess.run([sys.executable, "-m", "ingest.generator.scans", "--src", str(src), "--out", str(scans),
                    "--dpi", "200", "--rotate", "0.5", "--noise", "5", "--blur", "0", "--jpeg", "85"],
                   check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    files = sorted(scans.glob("*.scan.pdf"))
    pages = sum(len(pypdfium2.PdfDocument(str(f))) for f in files)
    env = {**os.environ, "GONGKAI_OCR_THREADS": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", _OCR_WORKER, *map(str, files)], cwd=REPO, env=env,
                          capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures.update(reports=len(files), pages=pages, cpu_s_per_page=figures["cpu"] / pages,
                   pages_per_s_per_core=pages / figures["cpu"], load=load())
    return figures


def print_ocr(f: dict) -> None:
    print(f"OCR: {f['reports']} scanned reports, {f['pages']} pages at 200 dpi, one worker: "
          f"{f['cpu_s_per_page']:.2f} CPU s a page ({f['pages_per_s_per_core']:.2f} pages/s per core; wall "
          f"{f['wall']:.1f}s), peak RSS {f['peak_rss_mb']:.0f} MB; parse status {f['status']}; load {f['load']}",
          flush=True)


def pdf_for_bench(work: Path) -> tuple[Path, int]:
    if REAL_PDF.exists():
        path = REAL_PDF
    else:
        out = work / "pdf"
        subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(out), "--count", "1", "--seed", "5",
                        "--formats", "pdf", "--no-truth"], check=True, cwd=REPO)
        path = next(out.glob("*.pdf"))
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(path)))
    return path, pages


def legacy_office(work: Path, n: int, seed: int, repeat: int) -> int:
    """`gongkai parse --json` on n reports as .docx, and on the same rendered once to .doc by
    LibreOffice (read back through the LibreOffice service: one per worker), whole command."""
    work.mkdir(parents=True, exist_ok=True)
    docx = report_files(corpus(work, n, seed, ["docx"]))
    doc_dir = work / f"legacy-doc-{n}-s{seed}"
    if len(list(doc_dir.glob("*.doc"))) != len(docx):
        shutil.rmtree(doc_dir, ignore_errors=True)
        doc_dir.mkdir(parents=True)
        profile = work / "legacy-lo-profile"
        started = time.perf_counter()
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "doc",
                        "--outdir", str(doc_dir), *map(str, docx)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        print(f"  rendered {len(docx)} .doc with LibreOffice in {time.perf_counter() - started:.1f}s", flush=True)
    doc = sorted(doc_dir.glob("*.doc"))
    figures = {}
    for label, files in (("docx", docx), ("doc", doc)):
        figures[label] = parse_command(files, repeat)
        print(f"gongkai parse {len(files)} .{label}: median {figures[label]['median']:.2f}s "
              f"(runs {', '.join(f'{w:.2f}' for w in figures[label]['walls'])}); load {load()}", flush=True)
    extra = figures["doc"]["median"] - figures["docx"]["median"]
    print(f".doc costs {extra:+.2f}s more than .docx for {n} reports (target for 100: ≤ 10 s)")
    return 0


# ---- output ---------------------------------------------------------------------------------------

def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def stage_table(runs: list[PipelineRun], base: dict[int, dict]) -> str:
    lines = ["| reports | stage | wall s (median) | reports/s | peak RSS MB (tree) | peak PSS MB (tree) | ÷ baseline |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    by_size: dict[tuple[int, str], list[PipelineRun]] = {}
    for run in runs:
        by_size.setdefault((run.reports, run.label), []).append(run)
    for (n, label), group in by_size.items():
        for stage in STAGES:
            figures = [r.stages[stage] for r in group]
            seconds = statistics.median(f.seconds for f in figures)
            rate = n / seconds if stage not in ("other", "find files") and seconds > 0 else None
            rss = statistics.median(f.peak_rss_mb for f in figures)
            pss = statistics.median(f.peak_pss_mb for f in figures)
            ratio = ""
            if stage in ("parse", "total") and n in base and label == "full":
                ratio = f"{seconds / base[n]['best']:.1f}×"
            name = stage if label == "full" else f"{label}: {stage}"
            lines.append(f"| {n:,} | {name} | {seconds:.2f} | {_fmt(rate, 0)} | "
                         f"{_fmt(rss, 0) if rss else '—'} | {_fmt(pss, 0) if pss else '—'} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per size below 100,000 (median)")
    ap.add_argument("--repeat-large", type=int, default=1, help="runs per size of 100,000 and more")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--formats", nargs="+", default=["txt", "md", "html"])
    ap.add_argument("--work", type=Path, default=Path("/dev/shm/gongkai-bench"),
                    help="corpora (RAM disk by default)")
    ap.add_argument("--warehouse-dir", type=Path, default=Path("/tmp/gongkai-bench"),
                    help="warehouses and Dagster homes (disk)")
    ap.add_argument("--parse-files", type=int, default=5000)
    ap.add_argument("--incremental", type=int, default=10, help="reports added to the largest warehouse")
    ap.add_argument("--incremental-repeat", type=int, default=3, help="incremental runs (each adds new reports)")
    ap.add_argument("--skip-parse-command", action="store_true")
    ap.add_argument("--dask-workers", type=int, default=2,
                    help="per size, one more run with the parse on a Dask LocalCluster of this many workers "
                         "(GONGKAI_DASK_WORKERS; 0: none)")
    ap.add_argument("--legacy-office", type=int, default=0, metavar="N",
                    help="only time `gongkai parse` on N generator reports as .doc (LibreOffice) against the "
                         "same as .docx (issue 18: at most 10 s more for 100), then stop")
    ap.add_argument("--json-out", type=Path, default=None, help="write every figure here as JSON")
    ap.add_argument("--ocr", type=int, default=3, metavar="N", help="scanned reports in the OCR part (0: none)")
    ap.add_argument("--ocr-only", action="store_true", help="run only the OCR part, then stop")
    args = ap.parse_args(argv)
    if args.legacy_office:
        return legacy_office(args.work, args.legacy_office, args.seed, args.repeat)
    if args.ocr_only:
        args.work.mkdir(parents=True, exist_ok=True)
        figures = ocr_bench(args.work, args.ocr or 3)
        print_ocr(figures)
        if args.json_out:
            args.json_out.write_text(json.dumps({"ocr": figures}, indent=1))
        return 0

    args.work.mkdir(parents=True, exist_ok=True)
    args.warehouse_dir.mkdir(parents=True, exist_ok=True)
    info = machine()
    jobs = info["affinity"]
    print(f"machine: {info['nproc']} cores ({jobs} usable), {info['cpu']}, python {info['python']}")
    print(info["free_h"])
    print(f"load average at start: {info['loadavg_start']}\n", flush=True)
    results: dict = {"machine": info, "started": datetime.now(UTC).isoformat(), "args": vars(args) | {
        "work": str(args.work), "warehouse_dir": str(args.warehouse_dir),
        "json_out": str(args.json_out) if args.json_out else None}}

    # An installed system has its modules' bytecode cached; this environment may set
    # PYTHONDONTWRITEBYTECODE, which makes every start-up compile Dagster, dbt and GX again.
    started = time.perf_counter()
    site = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    subprocess.run([sys.executable, "-m", "compileall", "-q", "-j", str(jobs), str(site),
                    *(str(REPO / p) for p in ("gongkai", "ingest", "orchestration", "expectations"))],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    print(f"bytecode cache warmed in {time.perf_counter() - started:.1f}s "
          f"(PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r})\n", flush=True)

    runs: list[PipelineRun] = []
    base: dict[int, dict] = {}
    for n in sorted(args.sizes):
        folder = corpus(args.work, n, args.seed, args.formats)
        files = report_files(folder)
        base[n] = baseline(files, jobs)
        print(f"[{n:,}] baseline read+regex: {base[n]['parallel']:.2f}s on {jobs} processes, "
              f"{base[n]['single']:.2f}s on one ({n / base[n]['best']:,.0f} reports/s)  load {load()}", flush=True)
        repeat = args.repeat if n < 100_000 else args.repeat_large
        for r in range(repeat):
            home = args.warehouse_dir / f"n{n}"
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            warehouse = home / "warehouse.duckdb"
            run = gongkai_run("full", folder, warehouse, home / "dagster_home", home / "data", n)
            runs.append(run)
            s = run.stages
            print(f"[{n:,}] run {r + 1}/{repeat}: total {run.wall:.1f}s (find {s['find files'].seconds:.1f}, "
                  f"parse {s['parse'].seconds:.1f}, "
                  f"load {s['load raw'].seconds:.1f}, dbt {s['dbt build'].seconds:.1f}, checks "
                  f"{s['checks'].seconds:.1f}, other {s['other'].seconds:.1f}); peak RSS "
                  f"{s['total'].peak_rss_mb:,.0f} MB, PSS {s['total'].peak_pss_mb:,.0f} MB; exit {run.returncode}; "
                  f"load {run.load}", flush=True)
            print("\n".join(breakdown_lines(run)), flush=True)
        exported = export_release(warehouse, home / "release")
        results.setdefault("export", {})[n] = exported
        print(f"[{n:,}] gongkai export: {exported['seconds']:.1f}s, Parquet {exported['parquet_mb']:.1f} MB, "
              f"CSV {exported['csv_mb']:.1f} MB (warehouse {exported['warehouse_mb']:.1f} MB); exit "
              f"{exported['returncode']}; load {exported['load']}", flush=True)
        if args.dask_workers:
            dask_home = args.warehouse_dir / f"n{n}-dask"
            shutil.rmtree(dask_home, ignore_errors=True)
            dask_home.mkdir(parents=True)
            run = gongkai_run(f"dask {args.dask_workers}w", folder, dask_home / "warehouse.duckdb",
                              dask_home / "dagster_home", dask_home / "data", n,
                              extra_env={"GONGKAI_DASK_WORKERS": str(args.dask_workers)})
            runs.append(run)
            s = run.stages
            print(f"[{n:,}] Dask path, {args.dask_workers} local workers: total {run.wall:.1f}s (parse "
                  f"{s['parse'].seconds:.1f}, load {s['load raw'].seconds:.1f}, dbt {s['dbt build'].seconds:.1f}, "
                  f"checks {s['checks'].seconds:.1f}); peak RSS {s['total'].peak_rss_mb:,.0f} MB; exit "
                  f"{run.returncode}; load {run.load}", flush=True)
        if n == max(args.sizes) and args.incremental:
            added: list[Path] = []
            try:
                for r in range(args.incremental_repeat):  # each run adds reports the warehouse has not seen
                    first = n + r * args.incremental
                    added += add_reports(folder, first, args.incremental, args.seed, args.formats)
                    run = gongkai_run(f"+{args.incremental}", folder, warehouse, home / "dagster_home",
                                      home / "data", args.incremental)
                    runs.append(run)
                    s = run.stages
                    print(f"[{n:,} +{args.incremental}] run {r + 1}/{args.incremental_repeat}: total {run.wall:.1f}s "
                          f"(find+hash files {s['find files'].seconds:.1f}, parse+load "
                          f"{s['parse'].seconds + s['load raw'].seconds:.1f}, dbt "
                          f"{s['dbt build'].seconds:.1f}, checks {s['checks'].seconds:.1f}, other "
                          f"{s['other'].seconds:.1f}); peak RSS {s['total'].peak_rss_mb:,.0f} MB; "
                          f"exit {run.returncode}; load {run.load}", flush=True)
                    print("\n".join(breakdown_lines(run)), flush=True)
            finally:
                for path in added:  # leave the corpus as generated
                    path.unlink(missing_ok=True)

    if not args.skip_parse_command:
        folder = corpus(args.work, max(args.parse_files, 10000) if args.parse_files > 1000 else args.parse_files,
                        args.seed, args.formats)
        files = report_files(folder)[:args.parse_files]
        pc = parse_command(files, args.repeat)
        pb = baseline(files, jobs)
        pc["baseline"] = pb
        results["parse_command"] = pc
        print(f"gongkai parse {len(files):,} text/HTML files: median {pc['median']:.2f}s "
              f"({pc['reports_per_s']:,.0f} reports/s, start-up included; runs {', '.join(f'{w:.2f}' for w in pc['walls'])}); "
              f"baseline {pb['best']:.2f}s → {pc['median'] / pb['best']:.1f}× the baseline; load {load()}", flush=True)
        pdf, pages = pdf_for_bench(args.work)
        pp = parse_command([pdf], max(args.repeat, 5))
        pp["pages"] = pages
        pp["path"] = str(pdf.relative_to(REPO)) if pdf.is_relative_to(REPO) else str(pdf)
        results["parse_pdf"] = pp
        print(f"gongkai parse {pdf.name} ({pages} pages): median {pp['median']:.2f}s "
              f"(runs {', '.join(f'{w:.2f}' for w in pp['walls'])}); load {load()}", flush=True)

    if args.ocr:
        results["ocr"] = ocr_bench(args.work, args.ocr)
        print_ocr(results["ocr"])

    table = stage_table(runs, base)
    print("\n" + table)
    print(f"\nload average at end: {load()}")
    results["baseline"] = base
    results["runs"] = [asdict(r) for r in runs]
    results["table"] = table
    results["loadavg_end"] = load()
    out = args.json_out or (args.warehouse_dir / f"bench-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json")
    out.write_text(json.dumps(results, indent=1, default=str))
    print(f"figures: {out}")
    return 0 if all(r.returncode == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

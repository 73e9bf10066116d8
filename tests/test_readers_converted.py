"""Formats read through a converter: .doc/.wps/.rtf/.odt/.et/.ods through LibreOffice (then
the DOCX / XLSX reader), and .mht/.mhtml web archives through the HTML reader.

The office fixtures are generator reports rendered by LibreOffice (tests/fixtures/office_legacy,
README there); their truth is the generator's. LibreOffice must be installed (`make test`
installs it); GONGKAI_REQUIRE_LIBREOFFICE=0 lets these tests skip on a machine without it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from warehouse.inbox import plan_load, scan
from warehouse.store import KnownFiles
from ingest.accuracy import cells_of
from ingest.parse import parse_bytes, parse_file, parse_files
from ingest.readers import _libreoffice, office_legacy, stop_services
from ingest.records import build_batch

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LEGACY = FIXTURES / "office_legacy"
MHT = FIXTURES / "mht"
REPO = Path(__file__).resolve().parents[1]

needs_libreoffice = pytest.mark.skipif(
    not _libreoffice.available() and os.environ.get("GONGKAI_REQUIRE_LIBREOFFICE") == "0",
    reason="LibreOffice is not installed (make test installs it)")


def _truth(doc: Path) -> dict:
    return json.loads(doc.with_name(doc.name + ".truth.json").read_text(encoding="utf-8"))


def _our_processes(marker: str) -> list[str]:
    """Command lines of live processes mentioning `marker` (a work folder of this test)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmd and state != "Z":
            found.append(f"{pid}: {cmd}")
    return found


def _wait_gone(marker: str, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    while (alive := _our_processes(marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def _converted_report(payload: bytes, kind: str) -> dict:
    """The contract dict of LibreOffice's output, read as office_legacy reads it."""
    from ingest.parse import _parse_doc

    return _parse_doc(office_legacy.read_converted(payload, kind, "/x/report.doc"), "/x/report.doc", "").to_dict()


def _sockets(paths: list[str]) -> list[str]:
    return [p for p in paths if os.path.exists(p) and stat.S_ISSOCK(os.lstat(p).st_mode)]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Service folders (profile, files in conversion) under this test's own folder."""
    folder = tmp_path / "lo-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    stop_services()


# ---- .mht / .mhtml ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["report_gbk.mht", "report_start.mhtml"])
def test_web_archive_reads_as_its_html_page(name):
    doc = MHT / name
    report = parse_file(doc).to_dict()
    assert report["source"]["format"] == "mht"
    assert report["report"]["parse_status"] == "ok"
    assert cells_of(report) == cells_of(_truth(doc))
    assert report["report"]["agency"] == _truth(doc)["report"]["agency"]


def test_web_archive_without_a_page_is_refused():
    message = (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\n"
               b"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--b--\n")
    report = parse_bytes(message, "saved.mht")
    assert report.parse_status == "failed"
    assert [i.code for i in report.issues] == ["unreadable.corrupt"]
    assert "no HTML page" in report.issues[0].message


# ---- LibreOffice ----------------------------------------------------------------------------

LEGACY_FIXTURES = [f"report.{s}" for s in ("doc", "wps", "rtf", "odt")] + ["sheet.et", "sheet.ods"]


@needs_libreoffice
def test_reports_saved_by_libreoffice_read_at_the_docx_and_xlsx_accuracy(tmp_path):
    """office_legacy/rendered (make_rendered.py): six generator DOCX reports saved as .doc, .rtf
    and .odt, four XLSX reports as .ods and .et; `gongkai accuracy` scores them per format."""
    folder = LEGACY / "rendered"
    env = {**os.environ, "GONGKAI_PROGRESS": "0", "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", "accuracy", "--json", "--jobs", "1", str(folder)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    by_format = json.loads(done.stdout)[str(folder)]["by_format"]
    seen = {fmt: (t["documents"], t["cell_accuracy"] >= 0.995, t["cells_wrong"]) for fmt, t in by_format.items()}
    assert seen == {"doc": (6, True, 0), "rtf": (6, True, 0), "odt": (6, True, 0), "ods": (4, True, 0), "et": (4, True, 0)}
    assert _wait_gone(str(tmp_path)) == []


def test_xls_saved_by_libreoffice_reads_through_xlrd_as_its_truth():
    report = parse_file(LEGACY / "sheet.xls").to_dict()
    assert report["source"] == {**report["source"], "format": "xlsx", "converted_by": None}
    assert cells_of(report) == cells_of(_truth(LEGACY / "sheet.xls"))


@needs_libreoffice
def test_every_legacy_format_reads_as_its_truth(private_tmp):
    for name in LEGACY_FIXTURES:
        doc = LEGACY / name
        report = parse_file(doc)
        d = report.to_dict()
        assert d["source"]["format"] == doc.suffix.lstrip("."), name
        assert d["source"]["converted_by"].startswith("LibreOffice "), name
        assert [i for i in d["issues"] if i["severity"] == "error" and not i["code"].startswith("identity_fail")] == []
        assert cells_of(d) == cells_of(_truth(doc)), name
    stop_services()
    assert list(private_tmp.iterdir()) == []  # profile and work files removed


ROUTES = LEGACY / "routes"  # make_routes.py


def _rows(name: str) -> tuple[str, list[tuple[list, int | None]]]:
    payload, kind, _ = _libreoffice.convert((ROUTES / name).read_bytes(), ".doc")
    return kind, [(r.cells, r.table) for r in office_legacy.read_converted(payload, kind, name).rows]


@needs_libreoffice
def test_text_documents_come_back_as_html_unless_html_would_say_less(private_tmp):
    """HTML costs a quarter of the DOCX export; a document with what HTML says otherwise (a
    tracked change, whose deleted text HTML keeps; a nested or one-column table, which the DOCX
    reader reads its own way; a picture, which the DOCX reader counts) comes back as DOCX, and either reads as the DOCX reader reads it."""
    assert _rows("tracked.doc") == ("docx", [(["主动公开", "12", "34"], None), (["办结数15"], None)])
    kind, rows = _rows("nested.doc")
    assert kind == "docx" and rows[-1] == (["内", ""], 1)  # the nested table emitted as its own
    # page header and footer left out, as the DOCX reader (document.xml only) leaves them out
    assert _rows("header.doc") == ("html", [(["正文 一、总体情况"], None), (["项目", "数量"], 1), (["收到申请", "7"], 1)])
    payload, kind, _ = _libreoffice.convert((ROUTES / "picture.doc").read_bytes(), ".doc")
    assert kind == "docx" and office_legacy.read_converted(payload, kind, "picture.doc").images == 1


def test_the_bridge_sends_tables_the_docx_reader_reads_its_own_way_to_docx(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("uno_bridge", REPO / "ingest" / "readers" / "_uno_bridge.py")
    bridge = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bridge)  # stdlib only: `uno` is imported by main()
    cases = {
        "<table><tr><td>a</td><td>b</td></tr></table>": False,
        "<table><tr><td colspan=2>a</td></tr><tr><td>b</td><td>c</td></tr></table>": False,
        "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>": True,  # one column: boxed text
        "<table><tr><td>a</td><td><table><tr><td>x</td><td>y</td></tr></table></td></tr></table>": True,
        "<p>no table</p>": False,
    }
    for n, (markup, expected) in enumerate(cases.items()):
        page = tmp_path / f"{n}.html"
        page.write_text(markup)
        assert bridge._tables_read_otherwise(str(page)) is expected, markup


@needs_libreoffice
def test_one_service_per_process_and_none_left_after_shutdown(private_tmp):
    data = (LEGACY / LEGACY_FIXTURES[0]).read_bytes()
    _libreoffice.convert(data, ".doc")
    service = _libreoffice._service
    _libreoffice.convert(data, ".doc")
    assert _libreoffice._service is service  # kept running between files
    assert len(_our_processes("soffice.bin")) >= 1
    assert _our_processes(service.work_dir)  # soffice.bin with the private profile
    # its temporary files in the service's folder; its pipes (UNO and single-instance) in /tmp
    environ = Path(f"/proc/{service.soffice_pid}/environ").read_bytes().split(b"\0")
    assert f"TMPDIR={service.work_dir}/tmp".encode() in environ
    assert len(_sockets(service.pipes)) == 2 and all(Path(p).name.startswith("OSL_PIPE_") for p in service.pipes)
    stop_services()
    assert _wait_gone(service.work_dir) == []
    assert not Path(service.work_dir).exists()
    assert _sockets(service.pipes) == []
    assert list(private_tmp.iterdir()) == []  # no lu*.tmp of LibreOffice's


@needs_libreoffice
def test_parse_files_has_libreoffice_convert_the_next_file_while_this_one_is_read(private_tmp):
    names = ["report.doc", "report.rtf", "sheet.ods"]
    reports = parse_files(LEGACY / name for name in names)
    first = next(reports)
    service = _libreoffice._service
    assert [r.data for r in service._pending] == [(LEGACY / "report.rtf").read_bytes()]  # queued before the
    rest = list(reports)  # .doc's DOCX was read; each file is still read as its own truth
    for name, report in zip(names, [first, *rest], strict=True):
        assert cells_of(report.to_dict()) == cells_of(_truth(LEGACY / name)), name
    assert not service._pending and _libreoffice._service is service


@needs_libreoffice
def test_answers_written_before_they_are_asked_for_are_found(private_tmp, monkeypatch):
    """Started early, the service may have written "ready" and a queued file's answer before the
    worker reads either (it was parsing other files): one read takes both, neither is lost."""
    monkeypatch.setenv(_libreoffice.TIMEOUT_ENV, "10")
    data = (LEGACY / "report.doc").read_bytes()
    _libreoffice.start()
    _libreoffice.prefetch(data, ".doc")
    converted = Path(_libreoffice._service.work_dir) / "out1.ooxml"
    deadline = time.monotonic() + 120
    while not converted.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1)  # the answer line follows the file
    started = time.monotonic()
    payload, kind, _ = _libreoffice.convert(data, ".doc")
    assert kind == "html" and time.monotonic() - started < 5
    assert cells_of(_converted_report(payload, kind)) == cells_of(_truth(LEGACY / "report.doc"))


@needs_libreoffice
def test_a_queued_conversion_nobody_asks_for_is_dropped(private_tmp):
    _libreoffice.prefetch((LEGACY / "sheet.ods").read_bytes(), ".ods")  # queued, then never asked for
    payload, kind, _ = _libreoffice.convert((LEGACY / "report.doc").read_bytes(), ".doc")
    assert kind == "html"  # the .doc's own answer, not the spreadsheet's
    assert cells_of(_converted_report(payload, kind)) == cells_of(_truth(LEGACY / "report.doc"))
    assert not _libreoffice._service._pending


@needs_libreoffice
def test_the_profile_is_set_up_once_then_copied_and_graphics_tests_never_run(private_tmp, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = (LEGACY / "report.doc").read_bytes()
    for expected in ("new", "copied"):
        _libreoffice.convert(data, ".doc")
        service = _libreoffice._service
        assert service.profile == expected
        # LibreOffice's render checks (a second of CPU per start) leave this log when they run
        assert not (Path(service.work_dir) / "profile" / "user" / "GraphicsRenderTests.log").exists()
        stop_services()
    (template,) = (tmp_path / "cache" / "gongkai").glob("libreoffice-profile-*")
    assert (template / "user").is_dir() and not (template / ".lock").exists()


@needs_libreoffice
@pytest.mark.parametrize("damage", ["user is a file", "extensions is a file"])
def test_a_kept_profile_that_cannot_be_used_is_replaced(private_tmp, tmp_path, monkeypatch, damage):
    """A damaged template never stops conversions: copying it fails ("user is a file"), or
    soffice.bin exits on it ("extensions is a file"); either way a new profile is made and kept."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    template = _libreoffice._profile_template(_libreoffice.find_program())
    template.mkdir(parents=True)
    (template / "gongkai-template-complete").touch()
    if damage == "user is a file":
        (template / "user").write_text("not a folder")
    else:
        (template / "user").mkdir()
        (template / "user" / "extensions").write_text("not a folder")
    data = (LEGACY / "report.doc").read_bytes()
    payload, kind, _ = _libreoffice.convert(data, ".doc")
    assert kind == "html" and cells_of(_converted_report(payload, kind)) == cells_of(_truth(LEGACY / "report.doc"))
    assert _libreoffice._service.profile == "new"
    assert (template / "user" / "extensions").is_dir()  # the template saved again, from the good profile
    stop_services()
    _libreoffice.convert(data, ".doc")
    assert _libreoffice._service.profile == "copied"


@needs_libreoffice
def test_no_libreoffice_left_when_the_parsing_process_is_killed(tmp_path):
    """SIGKILL of the process that owns the service (a worker killed by the pool): the bridge's
    watchdog stops soffice.bin and removes the profile."""
    script = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from ingest.readers import _libreoffice
        _libreoffice.convert(open({str(LEGACY / LEGACY_FIXTURES[0])!r}, "rb").read(), ".doc")
        print(_libreoffice._service.work_dir, flush=True)
        print("\\t".join(_libreoffice._service.pipes), flush=True)
        import time
        time.sleep(600)
    """)
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        work_dir = child.stdout.readline().strip()
        pipes = child.stdout.readline().strip().split("\t")
        assert work_dir.startswith(str(tmp_path)) and _our_processes(work_dir)
        assert len(_sockets(pipes)) == 2
    finally:
        child.kill()
        child.wait()
    assert _wait_gone(str(tmp_path)) == []
    deadline = time.monotonic() + 10
    while Path(work_dir).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(work_dir).exists()
    assert _sockets(pipes) == []  # the bridge's watchdog removed soffice.bin's pipes


def test_missing_libreoffice_quarantines_with_how_to_install_and_is_retried_once_there(tmp_path, monkeypatch):
    doc = tmp_path / "report.doc"
    shutil.copy(LEGACY / "report.doc", doc)
    monkeypatch.setenv(_libreoffice.SOFFICE_ENV, str(tmp_path / "no-such-soffice"))
    report = parse_file(doc)
    assert report.parse_status == "failed"
    (issue,) = report.issues
    assert issue.code == _libreoffice.MISSING_CODE
    assert "apt-get install libreoffice-writer-nogui" in issue.message and str(doc) in issue.message
    row = build_batch([report]).quarantine.to_pylist()[0]
    known = KnownFiles(quarantine={str(doc): (row["sha256"], row["reason"])})
    files = scan(tmp_path)
    assert plan_load(files, known).to_parse == []  # still missing: not parsed again
    monkeypatch.setattr(_libreoffice, "available", lambda: True)  # installed meanwhile
    assert plan_load(files, known).to_parse == [doc]
    other = KnownFiles(quarantine={str(doc): (row["sha256"], "unreadable.corrupt: damaged")})
    assert plan_load(files, other).to_parse == []  # other reasons stay quarantined


# ---- hostile and bad legacy files -----------------------------------------------------------

def _rtf_pages(pages: int) -> bytes:
    page = "\\par ".join(f"第{n}行 政府信息公开 {n * 7} 件" for n in range(40))
    body = "\\page ".join(page for _ in range(pages))
    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 " + body + "}").encode("gbk")


@needs_libreoffice
def test_hostile_legacy_files_are_quarantined_or_read_without_running_anything(private_tmp, tmp_path):
    doc = LEGACY / "report.doc"
    truncated = parse_bytes(doc.read_bytes()[:20_000], str(tmp_path / "truncated.doc"))
    assert truncated.parse_status == "failed"
    assert truncated.issues[0].code in {"unreadable.conversion_failed", "unreadable.not_a_report"}
    assert str(tmp_path / "truncated.doc") in truncated.issues[0].message

    long_rtf = parse_bytes(_rtf_pages(200), str(tmp_path / "long.rtf"))
    assert long_rtf.parse_status == "failed"
    assert [i.code for i in long_rtf.issues if i.severity == "error"] == ["unreadable.not_a_report"]
    assert long_rtf.converted_by.startswith("LibreOffice")

    # The service survives all of them: a good file converts after.
    assert cells_of(parse_file(doc).to_dict()) == cells_of(_truth(doc))
    stop_services()
    assert _wait_gone(str(private_tmp)) == []  # no soffice.bin or bridge left


MACRO_ODT = {"in": str(LEGACY / "macro.odt"), "how": "open", "macro": "Standard.Module1.Main",
             "marker": "/tmp/gongkai-test-macro-ran"}  # Basic, bound to "document loaded" (make_macro_odt.py)
VBA_DOC = {"in": str(LEGACY / "vba.doc"), "how": "invoke", "macro": "Project.Module1.AutoOpen",
           "marker": "/tmp/gongkai-test-vba-ran"}  # report.doc with a VBA project (make_vba_doc.py)


def _macro_control(mode: str, requests: list[dict], work: Path) -> list[dict]:
    """The answers of tests/fixtures/office_legacy/open_with_macros.py (the bridge, opening instead of converting)."""
    program = _libreoffice.find_program()
    lines = "".join(json.dumps({"id": n, **request}) + "\n" for n, request in enumerate(requests, 1))
    done = subprocess.run([program.python, str(LEGACY / "open_with_macros.py"), program.soffice, str(work / mode), mode],
                          input=lines, capture_output=True, text=True, timeout=300, check=True)
    ready, *answers = (json.loads(line) for line in done.stdout.splitlines())
    assert ready["ready"] and [a["id"] for a in answers] == list(range(1, len(requests) + 1))
    return answers


@needs_libreoffice
def test_documents_with_macros_are_read_and_their_macros_never_run(private_tmp, tmp_path):
    # Control: where macros are allowed, opening macro.odt runs its load macro, and LibreOffice
    # makes vba.doc's VBA project into live Basic code whose macro writes its marker.
    allowed = _macro_control("allowed", [MACRO_ODT, VBA_DOC], tmp_path)
    assert [a["ran"] for a in allowed] == [True, True]
    assert allowed[1]["modules"] == ["Project.Module1", "Project.ThisDocument"]
    # The bridge's settings: opening macro.odt runs nothing, vba.doc's project is not even loaded.
    guarded = _macro_control("bridge", [MACRO_ODT, VBA_DOC], tmp_path)
    assert [g["ran"] for g in guarded] == [False, False]
    assert guarded[1]["modules"] == []
    markers = [Path(MACRO_ODT["marker"]), Path(VBA_DOC["marker"])]
    for marker in markers:
        marker.unlink(missing_ok=True)
    for name in ("macro.odt", "vba.doc"):  # converted by the service: read as their truth, nothing run
        report = parse_file(LEGACY / name).to_dict()
        assert cells_of(report) == cells_of(_truth(LEGACY / name)), name
        assert [i for i in report["issues"] if i["severity"] == "error"] == [], name
    assert [m for m in markers if m.exists()] == []
    stop_services()
    assert _wait_gone(str(tmp_path)) == []  # the control bridges, the service and their soffice.bin


@needs_libreoffice
def test_a_conversion_over_the_time_limit_is_stopped_and_the_next_file_converts(private_tmp, monkeypatch):
    doc = LEGACY / "report.doc"
    _libreoffice.convert(doc.read_bytes(), ".doc")  # started (start-up is not under the per-file limit)
    service = _libreoffice._service
    monkeypatch.setenv(_libreoffice.TIMEOUT_ENV, "1")
    started = time.monotonic()
    slow = parse_bytes(_rtf_pages(3000), "/inbox/slow.rtf")
    assert time.monotonic() - started < 15
    assert slow.parse_status == "failed"
    assert slow.issues[0].code == "unreadable.conversion_timeout"
    assert "within 1 s" in slow.issues[0].message and "/inbox/slow.rtf" in slow.issues[0].message
    assert _wait_gone(service.work_dir) == []  # bridge and soffice.bin killed
    assert not Path(service.work_dir).exists()
    assert service.pipes and _sockets(service.pipes) == []  # removed by the worker: the bridge was killed
    monkeypatch.delenv(_libreoffice.TIMEOUT_ENV)
    assert cells_of(parse_file(doc).to_dict()) == cells_of(_truth(doc))  # a new service
    assert _libreoffice._service is not service


@needs_libreoffice
def test_gongkai_run_quarantines_bad_legacy_files_and_loads_the_good_ones(tmp_path, monkeypatch):
    from gongkai.cli import main
    from warehouse.store import connect_for_query

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    doc = LEGACY / "report.doc"
    shutil.copy(doc, inbox / doc.name)
    shutil.copy(LEGACY / "sheet.ods", inbox / "sheet.ods")
    (inbox / "truncated.doc").write_bytes(doc.read_bytes()[:20_000])
    (inbox / "long.rtf").write_bytes(_rtf_pages(200))
    (inbox / "empty.odt").write_bytes(b"")
    work = tmp_path / "lo-tmp"
    work.mkdir()
    monkeypatch.setenv("TMPDIR", str(work))
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster"))
    warehouse = tmp_path / "w.duckdb"
    assert main(["run", "--input", str(inbox), "--warehouse", str(warehouse)]) == 0
    stop_services()
    with connect_for_query(warehouse) as con:
        loaded = dict(con.execute("select source_path, source_format from raw.reports").fetchall())
        quarantined = dict(con.execute("select source_path, reason from raw.quarantine").fetchall())
    assert loaded == {str(inbox / doc.name): "doc", str(inbox / "sheet.ods"): "ods"}
    assert quarantined.keys() == {str(inbox / n) for n in ("truncated.doc", "long.rtf", "empty.odt")}
    assert quarantined[str(inbox / "long.rtf")].startswith("unreadable.not_a_report")
    assert quarantined[str(inbox / "empty.odt")].startswith("unreadable.empty")
    assert _wait_gone(str(work)) == []
    assert list(work.iterdir()) == []


# ---- reports printed as pictures ------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201"
                    "a5f3c2b40000000049454e44ae426082")


def test_docx_whose_tables_are_pictures_has_a_clear_reason():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("某县人民政府办公室2024年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    document.add_picture(io.BytesIO(PNG))
    document.add_picture(io.BytesIO(PNG))
    out = io.BytesIO()
    document.save(out)
    report = parse_bytes(out.getvalue(), "/inbox/scanned.docx")
    assert report.parse_status == "failed"
    (error,) = [i for i in report.issues if i.severity == "error"]
    assert error.code == "unreadable.image_only"
    assert "2 embedded image(s)" in error.message and "OCR" in error.message

    plain = docx.Document()
    plain.add_paragraph("某县人民政府办公室 一份通知")
    out = io.BytesIO()
    plain.save(out)
    assert [i.code for i in parse_bytes(out.getvalue(), "/inbox/note.docx").issues
            if i.severity == "error"] == ["unreadable.not_a_report"]

"""Bad inputs through `gongkai run`: each has a defined outcome, and none stops the run.

One inbox holds every bad input beside good reports; `gongkai run` goes over it twice
(the second run parses nothing and changes nothing). Outcomes:

| input                                   | outcome                                                       |
|-----------------------------------------|---------------------------------------------------------------|
| empty file                              | quarantined: unreadable.empty                                 |
| random bytes as .txt / .pdf / .docx     | quarantined: unreadable.binary / unreadable.corrupt           |
| truncated PDF                           | quarantined: unreadable.corrupt                               |
| encrypted PDF                           | quarantined: unreadable.encrypted (password)                  |
| PDF without a text layer, nothing drawn but a black box | quarantined: unreadable.blank_scan (OCR found no text) |
| zero-byte PNG                           | quarantined: unreadable.empty                                 |
| PNG decompression bomb (40,000² header) | quarantined: unreadable.image_too_large, refused before decoding |
| huge TIFF (9,000² pixels, 81 Mpx)       | quarantined: unreadable.image_too_large                       |
| PDF of 500 blank image pages            | quarantined: unreadable.too_many_pages (the OCR page limit)   |
| a scanned page (JPEG)                   | loaded by OCR: source_format image, findings ocr.*            |
| DOCX zip bomb (a part of 300 MB)        | quarantined: unreadable.zip_bomb, refused before inflating    |
| DOCX with an external entity            | loaded; the entity is not resolved (warning docx.dtd_ignored) |
| GBK, GB18030, UTF-16, UTF-8 BOM text    | loaded, cells as in the UTF-8 original                        |
| HTML with scripts, 20,000 nested tags   | loaded, cells as in the clean page (warning html.deep_nesting)|
| 200 MB file (sparse)                    | quarantined unread: unreadable.too_large, no sha256           |
| `a b 报告.txt`, unicode folder, `..`     | loaded; source_path canonical (no `..`)                       |
| symlink to a file outside the inbox     | quarantined unread: unreadable.not_followed; target not loaded|
| dangling symlink                        | quarantined unread: unreadable.not_followed                   |
| one report as .txt and .html            | two versions; one is_current, the other duplicate_of it       |
| report dated 2099                       | loaded with the warning future_year                           |
| a text that is not a report             | quarantined: unreadable.not_a_report (no table found)         |
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from pathlib import Path

import pytest

from gongkai.cli import main
from warehouse.store import connect_for_query
from ingest.parse import parse_bytes
from tests._inbox import report_bytes, state, utf8_text_report
from tests.test_readers_scan import blank_pages_pdf, bomb_png, huge_tiff

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "office"
SCAN = Path(__file__).resolve().parent / "fixtures" / "scans" / "t3_page.jpg"
SECRET = "TOPSECRET-XXE-7731"


def _cells(report) -> dict:
    return {(c.table, c.key, c.sub): (c.value, c.state) for c in report.cells}


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1 << 22)
            for _ in range(75):  # 300 MB inflated
                part.write(chunk)
    return out.getvalue()


def _xxe_docx(secret_file: Path) -> bytes:
    from ingest.generator.render import render
    from ingest.generator.truth import make_truth

    data, _ = render(make_truth(4242, violations=[], verify=False), "grid", "docx")
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read("word/document.xml").decode("utf-8")
    decl, rest = xml.split("?>", 1)
    body_at = rest.index("<w:body>") + len("<w:body>")
    evil = (decl + "?>" + f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
            + rest[:body_at] + "<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>" + rest[body_at:])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, evil.encode("utf-8") if info.filename == "word/document.xml"
                         else src.read(info.filename))
    return out.getvalue()


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.rect(50, 50, 400, 600, fill=1)  # an image-like page: no text at all
    page.showPage()
    page.save()
    return buf.getvalue()


def _nested_html(clean: bytes) -> bytes:
    script = ("<script>document.write('<table><tr><td>一、本年新收</td><td>999</td></tr></table>');"
              "var label = '规章';</script>")
    nested = "<div>" * 20000 + "<span>广告</span>" + "</div>" * 20000
    return clean.replace(b"<body>", ("<body>" + script + nested).encode("utf-8"), 1)


def _future(text: bytes) -> bytes:
    decoded = text.decode("utf-8")
    year = parse_bytes(text, "x.txt").meta.year
    return decoded.replace(f"{year}年", "2099年").replace(f"{year} 年", "2099 年").encode("utf-8")


NOT_A_REPORT = "关于召开2024年度工作会议的通知\n\n各科室：\n定于下周一上午九点在三楼会议室召开年度工作会议，请准时参加。\n\n办公室\n"


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_inputs")
    inbox = root / "inbox"
    (inbox / "子目录").mkdir(parents=True)
    (inbox / "sub").mkdir()
    outside = root / "outside"
    outside.mkdir()
    secret = root / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")

    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> Path:
        path = inbox / name
        path.write_bytes(data)
        files[name] = path
        return path

    put("empty.txt", b"")
    put("random.txt", random.Random(1).randbytes(6000))
    put("random.pdf", random.Random(2).randbytes(6000))
    put("random.docx", random.Random(3).randbytes(6000))
    _, pdf = report_bytes(10, combos=(("grid", "pdf"),))
    put("truncated.pdf", pdf[: len(pdf) // 2])
    put("encrypted.pdf", (FIXTURES / "encrypted.pdf").read_bytes())
    put("scanned.pdf", _scanned_pdf())
    put("empty.png", b"")
    put("bomb.png", bomb_png(40_000, 40_000))
    put("huge.tif", huge_tiff())
    put("blank500.pdf", blank_pages_pdf(500))
    put("蓝田县市场监督管理局2023年政府信息公开工作年度报告.jpg", SCAN.read_bytes())
    put("bomb.docx", _zip_bomb())
    put("xxe.docx", _xxe_docx(secret))
    originals = {}
    for i, (name, encoding) in enumerate([("gbk.txt", "gbk"), ("gb18030.txt", "gb18030"),
                                          ("utf16.txt", "utf-16"), ("bom.txt", "utf-8-sig")]):
        text = utf8_text_report(2000 + i)
        originals[name] = parse_bytes(text, "original.txt")
        put(name, text.decode("utf-8").encode(encoding))
    _, page = report_bytes(30, combos=(("grid", "html"),))
    originals["nested.html"] = parse_bytes(page, "clean.html")
    put("nested.html", _nested_html(page))
    with open(inbox / "huge.pdf", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB, no disk used
    files["huge.pdf"] = inbox / "huge.pdf"
    put("a b 报告.txt", report_bytes(40)[1])
    put("子目录/年度 报告（修订）.md", report_bytes(41, combos=(("markdown", "md"),))[1])
    (outside / "elsewhere.txt").write_bytes(report_bytes(42)[1])
    os.symlink(outside / "elsewhere.txt", inbox / "link.txt")
    files["link.txt"] = inbox / "link.txt"
    os.symlink(root / "gone.txt", inbox / "dangling.txt")
    files["dangling.txt"] = inbox / "dangling.txt"
    from ingest.generator.render import render
    from ingest.generator.truth import make_truth

    twice = make_truth(777, violations=[], verify=False)
    put("twice.txt", render(twice, "tsv", "txt")[0])
    put("twice.html", render(twice, "grid", "html")[0])
    put("future.txt", _future(utf8_text_report(5000)))
    put("notice.txt", NOT_A_REPORT.encode("utf-8"))

    db = root / "warehouse.duckdb"
    given = inbox / "sub" / ".."  # a path with `..` segments, as a user may type it
    parsed: list[str] = []
    runs = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DAGSTER_HOME", str(root / "dagster_home"))
        mp.setenv("GONGKAI_DATA", str(root / "data"))
        mp.setenv("GONGKAI_PROGRESS", "0")
        import ingest.parse

        real = ingest.parse.parse_bytes
        mp.setattr(ingest.parse, "parse_bytes", lambda data, path: parsed.append(path) or real(data, path))
        for _ in range(2):
            started = time.perf_counter()
            code = main(["run", "--input", str(given), "--warehouse", str(db)])
            runs.append({"exit": code, "seconds": time.perf_counter() - started, "parsed": list(parsed),
                         "state": state(db)})
            parsed.clear()
    return {"root": root, "inbox": inbox, "files": files, "db": db, "runs": runs, "originals": originals,
            "twice": twice}


def _quarantine(bad_run) -> dict[str, tuple]:
    with connect_for_query(bad_run["db"]) as con:
        rows = con.execute("select source_path, sha256, reason, detected_at from quarantine").fetchall()
    return {Path(p).relative_to(bad_run["inbox"]).as_posix(): (sha, reason, at) for p, sha, reason, at in rows}


def _loaded(bad_run) -> dict[str, dict]:
    with connect_for_query(bad_run["db"]) as con:
        rows = con.execute("select * from dim_report").fetchall()
        columns = [d[0] for d in con.description]
    return {Path(r["source_path"]).relative_to(bad_run["inbox"]).as_posix(): r
            for r in (dict(zip(columns, row)) for row in rows)}


def _issues(bad_run, name: str) -> set[str]:
    report_id = _loaded(bad_run)[name]["report_id"]
    with connect_for_query(bad_run["db"]) as con:
        return {r[0] for r in con.execute("select code from raw.issues where report_id = ?", [report_id]).fetchall()}


def _cells_in_warehouse(bad_run, name: str) -> dict:
    report_id = _loaded(bad_run)[name]["report_id"]
    with connect_for_query(bad_run["db"]) as con:
        rows = con.execute("select table_name, row_code, col_code, value, state from raw.cells where report_id = ?",
                           [report_id]).fetchall()
    return {(t, r, c): (v, s) for t, r, c, v, s in rows}


def test_the_run_succeeds_despite_every_bad_input(bad_run):
    first = bad_run["runs"][0]
    assert first["exit"] == 0
    counts = first["state"]["counts"]
    assert counts["quarantine"] == counts["raw.quarantine"] == len(QUARANTINED)
    assert counts["dim_report"] == len(LOADED)


QUARANTINED = {
    "empty.txt": "unreadable.empty",
    "random.txt": "unreadable.binary",
    "random.pdf": "unreadable.corrupt",
    "random.docx": "unreadable.corrupt",
    "truncated.pdf": "unreadable.corrupt",
    "encrypted.pdf": "unreadable.encrypted",
    "scanned.pdf": "unreadable.blank_scan",
    "empty.png": "unreadable.empty",
    "bomb.png": "unreadable.image_too_large",
    "huge.tif": "unreadable.image_too_large",
    "blank500.pdf": "unreadable.too_many_pages",
    "bomb.docx": "unreadable.zip_bomb",
    "huge.pdf": "unreadable.too_large",
    "link.txt": "unreadable.not_followed",
    "dangling.txt": "unreadable.not_followed",
    "notice.txt": "unreadable.not_a_report",
}
WORDS = {  # what a person reads in the reason, for every quarantined file
    "empty.txt": "empty",
    "random.txt": "not text",
    "random.pdf": "not a readable PDF file",
    "random.docx": "not a zip package",
    "truncated.pdf": "not a readable PDF file",
    "encrypted.pdf": "password",
    "scanned.pdf": "without any text",
    "empty.png": "empty",
    "bomb.png": "decompression bomb",
    "huge.tif": "a huge scan",
    "blank500.pdf": "500 pages",
    "bomb.docx": "zip bomb",
    "huge.pdf": "MiB are not read",
    "link.txt": "outside the inbox",
    "dangling.txt": "does not exist",
    "notice.txt": "no table",
}
assert set(WORDS) == set(QUARANTINED)
LOADED = ("xxe.docx", "gbk.txt", "gb18030.txt", "utf16.txt", "bom.txt", "nested.html", "a b 报告.txt",
          "子目录/年度 报告（修订）.md", "twice.txt", "twice.html", "future.txt", "蓝田县市场监督管理局2023年政府信息公开工作年度报告.jpg")


@pytest.mark.parametrize("name", sorted(QUARANTINED))
def test_unreadable_file_is_quarantined_with_a_reason(bad_run, name):
    quarantine = _quarantine(bad_run)
    assert name in quarantine
    sha, reason, detected_at = quarantine[name]
    assert reason.startswith(QUARANTINED[name] + ":"), reason
    assert WORDS[name] in reason, reason
    assert detected_at is not None
    assert name not in _loaded(bad_run)
    if name in ("huge.pdf", "link.txt", "dangling.txt"):
        assert not sha  # refused unread: never hashed
    else:
        assert len(sha) == 64


def test_symlink_target_outside_the_inbox_is_not_loaded(bad_run):
    with connect_for_query(bad_run["db"]) as con:
        paths = [r[0] for r in con.execute("select source_path from raw.reports").fetchall()]
    assert not any("elsewhere" in p or "outside" in p for p in paths)


def test_huge_file_is_refused_without_being_read(bad_run):
    assert str(bad_run["files"]["huge.pdf"]) not in bad_run["runs"][0]["parsed"]


@pytest.mark.parametrize("name", LOADED)
def test_readable_file_is_loaded(bad_run, name):
    report = _loaded(bad_run)[name]
    assert report["parse_status"] in ("ok", "partial")
    assert len(_cells_in_warehouse(bad_run, name)) >= 200


@pytest.mark.parametrize("name", ["gbk.txt", "gb18030.txt", "utf16.txt", "bom.txt", "nested.html"])
def test_encodings_and_hostile_html_read_like_the_original(bad_run, name):
    original = bad_run["originals"][name]
    assert _cells_in_warehouse(bad_run, name) == _cells(original)
    report = _loaded(bad_run)[name]
    assert (report["agency"], report["year"]) == (original.meta.agency, original.meta.year)
    if name == "nested.html":
        assert "html.deep_nesting" in _issues(bad_run, name)


def test_scanned_page_lands_with_its_ocr_findings(bad_run):
    name = "蓝田县市场监督管理局2023年政府信息公开工作年度报告.jpg"
    report = _loaded(bad_run)[name]
    assert (report["source_format"], report["agency"], report["year"]) == ("image", "蓝田县市场监督管理局", 2023)
    assert "ocr.read" in _issues(bad_run, name)
    cells = _cells_in_warehouse(bad_run, name)
    assert cells[("applications", "carried_over", "total")] == (2, "number")  # by hand from the page


def test_external_entity_is_not_resolved(bad_run):
    assert "docx.dtd_ignored" in _issues(bad_run, "xxe.docx")
    with connect_for_query(bad_run["db"]) as con:
        for table in ("raw.cells", "raw.reports", "raw.issues"):
            rows, hits = con.execute(f"select count(*), count(*) filter (where t::varchar like ?) from {table} t",
                                     [f"%{SECRET}%"]).fetchone()
            assert rows > 0 and hits == 0, table


def test_file_names_with_spaces_unicode_and_dotdot_are_canonical(bad_run):
    loaded = _loaded(bad_run)
    assert "a b 报告.txt" in loaded and "子目录/年度 报告（修订）.md" in loaded
    inbox = str(bad_run["inbox"])
    with connect_for_query(bad_run["db"]) as con:
        paths = [r[0] for r in con.execute("select source_path from raw.reports union all "
                                           "select source_path from raw.quarantine").fetchall()]
    assert all(p.startswith(inbox + "/") and "/../" not in p and "/sub/" not in p for p in paths)


def test_same_report_in_two_formats_counts_once(bad_run):
    loaded = _loaded(bad_run)
    txt, html = loaded["twice.txt"], loaded["twice.html"]
    assert (txt["agency"], txt["year"]) == (html["agency"], html["year"])
    assert sorted([txt["is_current"], html["is_current"]]) == [False, True]
    # dim_report flags the later copy of the same content: exactly one, pointing at the other
    assert [txt["duplicate_of"] is None, html["duplicate_of"] is None].count(True) == 1
    original, copy = (txt, html) if html["duplicate_of"] is not None else (html, txt)
    assert copy["duplicate_of"] == original["report_id"]
    with connect_for_query(bad_run["db"]) as con:
        current = con.execute("select count(*) from dim_report where agency = ? and year = ? and is_current",
                              [txt["agency"], txt["year"]]).fetchone()[0]
    assert current == 1


def test_report_dated_in_the_future_is_loaded_with_a_warning(bad_run):
    assert _loaded(bad_run)["future.txt"]["year"] == 2099
    assert "future_year" in _issues(bad_run, "future.txt")


def test_second_run_parses_nothing_and_changes_nothing(bad_run):
    first, second = bad_run["runs"]
    assert second["exit"] == 0
    assert second["parsed"] == [], second["parsed"]
    assert second["state"] == first["state"]

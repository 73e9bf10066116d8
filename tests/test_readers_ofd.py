"""OFD (GB/T 33190) through the page geometry the PDF reader uses.

The fixtures are generator reports written as OFD by ingest/generator/render_ofd.py (no real
OFD producer was at hand; tests/fixtures/ofd/make_ofd.py), read against the generator's truth.
The geometry tests below build OFD parts by hand and check positions computed by hand.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from ingest.accuracy import cells_of
from ingest.parse import parse_bytes, parse_file
from ingest.readers import ofd

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ofd"
NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'
PT = 72 / 25.4


@pytest.mark.parametrize("doc", sorted(FIXTURES.glob("*.ofd")), ids=lambda p: p.name)
def test_ofd_fixture_reads_as_its_truth(doc):
    report = parse_file(doc).to_dict()
    truth = json.loads(doc.with_name(doc.name + ".truth.json").read_text(encoding="utf-8"))
    assert report["source"]["format"] == "ofd" and report["source"]["converted_by"] is None
    assert cells_of(report) == cells_of(truth)
    assert report["report"]["agency"] == truth["report"]["agency"]


def test_delta_shorthand_is_expanded():
    assert ofd._deltas("g 3 5.2 1 g 2 0.5") == [5.2, 5.2, 5.2, 1.0, 0.5, 0.5]
    assert ofd._deltas("") == []


def test_base_locations_resolve_relative_and_absolute():
    assert ofd._resolve("Doc_0", "Pages/Page_0/Content.xml") == "Doc_0/Pages/Page_0/Content.xml"
    assert ofd._resolve("Doc_0", "/Doc_0/Tpls/Tpl_0/Content.xml") == "Doc_0/Tpls/Tpl_0/Content.xml"
    assert ofd._resolve("Doc_0", "../x.xml") == "x.xml"


def _element(xml: str):
    """An OFD element from its text, with the OFD namespace declared on it."""
    return etree.fromstring(xml.replace(">", f" {NS}>", 1))


def test_glyphs_are_placed_from_boundary_x_y_and_delta_x():
    page = ofd._Page()
    ofd._text(_element('<ofd:TextObject ID="1" Boundary="10 20 50 10" Size="5">'
                       '<ofd:TextCode X="1" Y="4" DeltaX="g 2 5">件数1</ofd:TextCode></ofd:TextObject>'), page)
    assert [c.text for c in page.chars] == ["件", "数", "1"]
    assert [round(c.x0 / PT, 3) for c in page.chars] == [11.0, 16.0, 21.0]
    assert round(page.chars[2].x1 / PT, 3) == 23.5  # the last glyph: half an em for a digit
    baseline = 24 * PT
    assert all(abs(c.bottom - (baseline + 0.14 * 5 * PT)) < 1e-6 for c in page.chars)
    assert all(abs(c.top - (baseline - 0.86 * 5 * PT)) < 1e-6 for c in page.chars)


def test_ctm_scales_and_moves_the_glyphs():
    page = ofd._Page()
    ofd._text(_element('<ofd:TextObject ID="1" Boundary="0 0 100 100" Size="4" CTM="2 0 0 2 5 0">'
                       '<ofd:TextCode X="1" Y="3" DeltaX="4">人数</ofd:TextCode></ofd:TextObject>'), page)
    assert [round(c.x0 / PT, 3) for c in page.chars] == [7.0, 15.0]  # 2*1+5, 2*(1+4)+5
    assert round(page.chars[0].bottom / PT, 3) == round(6 + 0.14 * 8, 3)  # baseline 2*3, em 2*4


def test_stroked_rectangle_gives_four_rules_and_curves_none():
    page = ofd._Page()
    ofd._path(_element('<ofd:PathObject ID="1" Boundary="10 10 30 20" LineWidth="0.18">'
                       '<ofd:AbstractData>M 0 0 L 30 0 L 30 20 L 0 20 C M 0 5 B 3 3 6 6 9 9</ofd:AbstractData>'
                       '</ofd:PathObject>'), page)
    hs = sorted((round(s.pos / PT, 3), round(s.a0 / PT, 3), round(s.a1 / PT, 3)) for s in page.hsegs)
    vs = sorted((round(s.pos / PT, 3), round(s.a0 / PT, 3), round(s.a1 / PT, 3)) for s in page.vsegs)
    assert hs == [(10.0, 10.0, 40.0), (30.0, 10.0, 40.0)]
    assert vs == [(10.0, 10.0, 30.0), (40.0, 10.0, 30.0)]


def test_unstroked_path_and_thin_filled_bar():
    page = ofd._Page()
    ofd._path(_element('<ofd:PathObject ID="1" Boundary="0 0 50 50" Stroke="false">'
                       '<ofd:AbstractData>M 0 0 L 40 0 L 40 40 C</ofd:AbstractData></ofd:PathObject>'), page)
    ofd._path(_element('<ofd:PathObject ID="2" Boundary="0 10 50 1" Stroke="false" Fill="true">'
                       '<ofd:AbstractData>M 0 0 L 40 0 L 40 0.3 L 0 0.3 C</ofd:AbstractData></ofd:PathObject>'), page)
    assert page.vsegs == [] and len(page.hsegs) == 1
    assert round(page.hsegs[0].pos / PT, 2) == 10.15


def _package(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return out.getvalue()


def _entry(root: str = "Doc_0/Document.xml") -> str:
    return f'<ofd:OFD {NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>{root}</ofd:DocRoot></ofd:DocBody></ofd:OFD>'


def test_template_page_is_drawn_under_the_page_and_images_are_counted():
    document = (f'<ofd:Document {NS}><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>'
                '</ofd:PageArea><ofd:TemplatePage ID="9" BaseLoc="Tpls/T0.xml"/></ofd:CommonData>'
                '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/P0.xml"/></ofd:Pages></ofd:Document>')
    template = (f'<ofd:Page {NS}><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="20 10 100 10" '
                'Size="5"><ofd:TextCode X="0" Y="5" DeltaX="g 3 5">模板页眉文字</ofd:TextCode></ofd:TextObject>'
                '</ofd:Layer></ofd:Content></ofd:Page>')
    page = (f'<ofd:Page {NS}><ofd:Template TemplateID="9"/><ofd:Content><ofd:Layer ID="4"><ofd:PageBlock ID="5">'
            '<ofd:ImageObject ID="6" Boundary="0 0 210 297" ResourceID="7"/></ofd:PageBlock></ofd:Layer>'
            '</ofd:Content></ofd:Page>')
    data = _package({"OFD.xml": _entry(), "Doc_0/Document.xml": document, "Doc_0/Tpls/T0.xml": template,
                     "Doc_0/Pages/P0.xml": page})
    doc = ofd.read(data, "scan.ofd")
    assert "模板页眉文字" in doc.text
    assert doc.images == 1
    report = parse_bytes(data, "scan.ofd")
    assert [i.code for i in report.issues if i.severity == "error"] == ["unreadable.image_only"]


@pytest.mark.parametrize("parts, code", [
    ({"OFD.xml": _entry("Doc_0/Missing.xml")}, "unreadable.corrupt"),
    ({"OFD.xml": f'<ofd:OFD {NS}><ofd:DocBody/></ofd:OFD>'}, "unreadable.corrupt"),
    ({"OFD.xml": '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'}, "unreadable.corrupt"),
    ({"Doc_0/Document.xml": "<x/>"}, "unreadable.corrupt"),
])
def test_broken_ofd_packages_are_refused_with_a_reason(parts, code):
    report = parse_bytes(_package(parts), "bad.ofd")
    assert report.parse_status == "failed"
    assert report.issues[0].code == code


def test_random_bytes_as_ofd_are_refused():
    report = parse_bytes(b"not a zip at all" * 10, "bad.ofd")
    assert report.issues[0].code == "unreadable.corrupt"

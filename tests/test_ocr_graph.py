"""The rewritten OCR graphs (ingest/readers/_ocr_graph.py) against rapidocr's own models.

The rewrite must be arithmetic only: on a committed scanned page (tests/fixtures/scans/
t3_page.jpg) the detector's probability map and the recogniser's per-step probabilities of
its text lines are those of the original models up to float rounding, every argmax the same.
And the element-wise passes it removes are gone. ~3 CPU s (four sessions, two detections).
"""

from __future__ import annotations

import onnx
import onnxruntime as ort
import pytest
from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
from rapidocr_onnxruntime.utils import read_yaml, update_model_path

from ingest.readers import _ocr_engine as ocr
from ingest.readers import _ocr_graph as graph
from ingest.readers import _scan_image as im
from tests.test_ocr_engine import PAGE

import cv2
import numpy as np

MODELS = update_model_path(read_yaml(DEFAULT_CFG_PATH))


def _session(model: str | bytes) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.log_severity_level = 4
    return ort.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return im.decode_images(PAGE.read_bytes(), str(PAGE))[0].gray


def _ops(model: bytes) -> list[str]:
    return [n.op_type for n in onnx.load_from_string(model).graph.node]


@pytest.mark.parametrize("part", ["Det", "Rec"])
def test_the_rewrite_removes_the_element_wise_passes(part):
    path = MODELS[part]["model_path"]
    before, after = _ops(open(path, "rb").read()), _ops(graph.rewritten(path))
    # paddle's hard-swish: Add(3) → Clip(0, 6) → Mul → Div(6), one Clip and one Div each
    assert before.count("Clip") >= 20 and after.count("Clip") == 0
    assert after.count("Div") == before.count("Div") - before.count("Clip")
    assert after.count("HardSigmoid") == before.count("HardSigmoid") + before.count("Clip")
    # and the scalar affines around the convolutions: fewer Mul and Add than before
    assert after.count("Mul") < before.count("Mul") - 40 and after.count("Add") < before.count("Add") - 60
    assert after.count("Conv") == before.count("Conv")


def test_detection_map_is_the_original_models(page):
    path = MODELS["Det"]["model_path"]
    small = cv2.resize(page, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    sized = cv2.resize(small, (w // 32 * 32, h // 32 * 32))
    x = np.repeat((sized.astype(np.float32) * (2 / 255) - 1)[None, None], 3, axis=1)
    a = _session(path).run(None, {"x": x})[0]
    b = _session(graph.rewritten(path)).run(None, {"x": x})[0]
    assert np.abs(a - b).max() < 1e-4
    assert ((a > 0.3) == (b > 0.3)).all()  # rapidocr's binarisation threshold: the same text pixels


def test_recognition_is_the_original_models(page):
    path = MODELS["Rec"]["model_path"]
    rec = ocr.engine().text_rec
    boxes = ocr.detect(page)[:60]
    original, rewritten = _session(path), _session(graph.rewritten(path))
    diffs = []
    for x0, y0, x1, y1 in boxes:
        crop = cv2.cvtColor(page[y0:y1, x0:x1], cv2.COLOR_GRAY2BGR)
        x = rec.resize_norm_img(crop, max(ocr.MIN_RATIO, crop.shape[1] / crop.shape[0]))[None].astype(np.float32)
        a = original.run(None, {"x": x})[0][0]
        b = rewritten.run(None, {"x": x})[0][0]
        assert (a.argmax(axis=1) == b.argmax(axis=1)).all()
        diffs.append(float(np.abs(a - b).max()))
    # rounding: ~1e-7 for most lines; a step where two characters compete amplifies it (the
    # most seen on this page's 158 lines: 1.1e-3 of a probability)
    assert np.median(diffs) < 1e-5 and max(diffs) < 2e-3


def test_the_rewritten_model_is_kept_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(graph.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))  # the fallback folder
    path = MODELS["Det"]["model_path"]
    first = graph.model_file(path)
    assert first.parent == tmp_path / "gongkai" and first.read_bytes() == graph.rewritten(path)
    stamp = first.stat().st_mtime_ns
    assert graph.model_file(path) == first and first.stat().st_mtime_ns == stamp  # found, not written again
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no half-written file left

"""Scanned copies of generated reports, for the OCR reader's tests and measurements.

    python -m ingest.generator.scans --src DIR --out DIR [--dpi 150] [--rotate 1.0]
                                     [--noise 10] [--blur 0.6] [--jpeg 70] [--kinds pdf png tiff]

For every `<doc>.pdf` in DIR (a report printed by LibreOffice from the generator's DOCX:
`soffice --headless --convert-to pdf`) that has a `<doc>.truth.json`: its pages rendered at
`--dpi`, turned by a seeded angle of up to ±`--rotate` degrees, blurred, noised and written
as an image-only PDF (`<doc>.scan.pdf`), as page images (`<doc>.p1.png`, `<doc>.p2.png`, …)
and as a multi-page TIFF (`<doc>.tif`), each with a copy of the truth.
"""

from __future__ import annotations

import argparse
import io
import random
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


def degrade(page: Image.Image, rng: random.Random, rotate: float, noise: float, blur: float) -> Image.Image:
    img = page.convert("L")
    if rotate:
        img = img.rotate(rng.uniform(-rotate, rotate), resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        arr = np.asarray(img, dtype=np.float32)
        arr += np.random.default_rng(rng.randrange(2**32)).normal(0, noise, arr.shape)
        img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    return img


def pages_of(pdf_path: Path, dpi: int) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def write_scans(pdf_path: Path, truth: Path, out: Path, *, dpi: int, rotate: float, noise: float, blur: float,
                jpeg: int, kinds: list[str], seed: int, kind: str | None = None) -> list[Path]:
    """kind: the rendering kind `gongkai accuracy` reports the scans under (default scan_<dpi>dpi),
    never the source PDF's kind, so scans are counted apart from the PDFs they were printed from."""
    rng = random.Random(f"{seed}:{pdf_path.name}")
    pages = [degrade(p, rng, rotate, noise, blur) for p in pages_of(pdf_path, dpi)]
    if jpeg:
        pages = [_jpeg_round_trip(p, jpeg) for p in pages]
    stem = pdf_path.stem
    written = []
    if "pdf" in kinds:
        target = out / f"{stem}.scan.pdf"
        pages[0].save(target, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
        written.append(target)
    if "png" in kinds:
        for k, p in enumerate(pages, 1):
            target = out / f"{stem}.p{k}.png"
            p.save(target, format="PNG", dpi=(dpi, dpi), optimize=True)
        written.append(out / f"{stem}.p1.png")
    if "tiff" in kinds:
        target = out / f"{stem}.tif"
        pages[0].save(target, format="TIFF", save_all=True, append_images=pages[1:], dpi=(dpi, dpi),
                      compression="tiff_deflate")
        written.append(target)
    data = json.loads(truth.read_text(encoding="utf-8"))
    for doc in written:
        data.setdefault("source", {})["path"] = doc.name
        data["source"]["format"] = "pdf_scanned" if doc.suffix == ".pdf" else "image"
        layout = data.get("layout") if isinstance(data.get("layout"), dict) else {}
        data["layout"] = {**layout, "name": f"scan_{doc.suffix.lstrip('.')}_{dpi}dpi", "kind": kind or f"scan_{dpi}dpi",
                          "source_kind": layout.get("kind"),
                          "scan": {"dpi": dpi, "rotate": rotate, "noise": noise, "blur": blur, "jpeg": jpeg}}
        (out / f"{doc.name}.truth.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return written


def _jpeg_round_trip(img: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ingest.generator.scans", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--dpi", type=int, default=150)
    ap.add_argument("--rotate", type=float, default=1.0)
    ap.add_argument("--noise", type=float, default=10.0)
    ap.add_argument("--blur", type=float, default=0.6)
    ap.add_argument("--jpeg", type=int, default=0, help="JPEG quality of a round trip (0: none)")
    ap.add_argument("--kinds", nargs="+", default=["pdf"], choices=["pdf", "png", "tiff"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="at most this many reports (0: all)")
    ap.add_argument("--kind", default=None, help="rendering kind in the truth files (default scan_<dpi>dpi)")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    done = 0
    for pdf in sorted(args.src.glob("*.pdf")):
        truth = pdf.with_name(pdf.stem + ".truth.json")
        if not truth.exists() or pdf.name.endswith(".scan.pdf"):
            continue
        write_scans(pdf, truth, args.out, dpi=args.dpi, rotate=args.rotate, noise=args.noise, blur=args.blur,
                    jpeg=args.jpeg, kinds=args.kinds, seed=args.seed, kind=args.kind)
        done += 1
        if args.limit and done >= args.limit:
            break
    print(f"wrote scans of {done} reports to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

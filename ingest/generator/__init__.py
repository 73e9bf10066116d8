"""Synthetic corpus generator: realistic, identity-consistent annual reports and their truth.

    python -m ingest.generator --out DIR --count N --seed S [--violation-rate 0.2]
                               [--layouts ...] [--formats ...] [--jobs J]

`truth.make_truth` draws one report's figures; `render.render` prints it in one of
`render.COMBOS` (layout x format); `corpus.generate` writes documents, `*.truth.json`
and `manifest.jsonl`.
"""

from .render import COMBOS, FORMATS, LAYOUTS, render
from .truth import VIOLATIONS, Truth, make_truth
from .truth_identities import check_identities

__all__ = ["COMBOS", "FORMATS", "LAYOUTS", "VIOLATIONS", "Truth", "check_identities", "make_truth", "render"]

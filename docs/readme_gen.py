"""Keep the generated parts of README.md true: the asset graph, the data dictionary, the SQL answers,
the table of readable files.

    python docs/readme_gen.py --warehouse W     rewrite README.md in place (make readme)
    python docs/readme_gen.py --check --warehouse W   exit 1 when README.md differs

- The Mermaid asset graph between `<!-- asset-graph:begin -->` and `<!-- asset-graph:end -->`
  comes from the real Definitions (orchestration/definitions.py): asset keys, groups,
  dependencies and the number of asset checks on each asset.
- The data dictionary between `<!-- data-dictionary:begin -->` and `<!-- data-dictionary:end -->`
  comes from dbt_project/models/marts/_marts__models.yml (the dictionary itself stays there).
- The table of readable files between `<!-- file-types:begin -->` and `<!-- file-types:end -->`
  comes from ingest/data/file_types.csv (what parse, run and the inbox sensor read).
- Every ```sql block is followed by its answer as a Markdown table, computed on a warehouse
  built from samples/ (`gongkai run --input samples`). tests/test_readme_examples.py
  checks all four against the code and the warehouse.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
README = REPO_ROOT / "README.md"
MARTS_YML = REPO_ROOT / "dbt_project" / "models" / "marts" / "_marts__models.yml"

GRAPH_BEGIN, GRAPH_END = "<!-- asset-graph:begin -->", "<!-- asset-graph:end -->"
DICT_BEGIN, DICT_END = "<!-- data-dictionary:begin -->", "<!-- data-dictionary:end -->"
TYPES_BEGIN, TYPES_END = "<!-- file-types:begin -->", "<!-- file-types:end -->"

# ---------------------------------------------------------------------------------------
# Asset graph


def _node_id(key: str) -> str:
    return re.sub(r"\W", "_", key)


def mermaid_asset_graph(defs=None) -> str:
    """A Mermaid flowchart of the Definitions' assets, one subgraph per asset group."""
    if defs is None:
        from orchestration.definitions import defs
    graph = defs.resolve_asset_graph()
    nodes = sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string())
    groups: dict[str, list] = {}
    for key in nodes:
        groups.setdefault(graph.get(key).group_name or "default", []).append(key)
    order = ["raw", "staging", "intermediate", "marts", "quality", "reporting"]
    group_names = sorted(groups, key=lambda g: (order.index(g) if g in order else len(order), g))

    lines = ["```mermaid", "flowchart LR", '  files[("report files<br/>txt md html docx pdf xlsx ofd mht doc rtf odt ...<br/>scans: pdf png jpg tif")]',
             '  decisions[("review decisions<br/>data/review/decisions.csv")]']
    for group in group_names:
        lines.append(f'  subgraph {_node_id("group_" + group)}["group: {group}"]')
        for key in groups[group]:
            name = key.to_user_string()
            checks = len(graph.get(key).check_keys)
            label = name + (f"<br/>{checks} check{'s' if checks != 1 else ''}" if checks else "")
            lines.append(f'    {_node_id(name)}["{label}"]')
        lines.append("  end")
    for key in nodes:
        node = graph.get(key)
        if not node.parent_keys and (node.group_name == "raw"):
            source = "decisions" if key.to_user_string() == "raw/review_decisions" else "files"
            lines.append(f"  {source} --> {_node_id(key.to_user_string())}")
    for key in nodes:
        for parent in sorted(graph.get(key).parent_keys, key=lambda k: k.to_user_string()):
            lines.append(f"  {_node_id(parent.to_user_string())} --> {_node_id(key.to_user_string())}")
    lines.append("```")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Data dictionary


def data_dictionary(yml_path: Path = MARTS_YML) -> str:
    """The marts' models and columns with their descriptions, as Markdown."""
    import yaml

    spec = yaml.safe_load(yml_path.read_text(encoding="utf-8"))
    out: list[str] = []
    for model in spec.get("models", []):
        out.append(f"#### `marts.{model['name']}`\n")
        out.append(" ".join(str(model.get("description", "")).split()) + "\n")
        out.append("| column | description |")
        out.append("|---|---|")
        for column in model.get("columns", []):
            text = " ".join(str(column.get("description", "")).split()).replace("|", "\\|")
            out.append(f"| `{column['name']}` | {text} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------------------------------
# SQL examples and their answers

_SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```\n", re.S | re.M)


@dataclass
class Example:
    sql: str
    answer: str  # the Markdown table under the block, as printed
    start: int  # offsets of the answer in the README text
    end: int


def examples(text: str) -> list[Example]:
    """Every ```sql block with the Markdown table printed under it ('' when there is none)."""
    found = []
    for match in _SQL_BLOCK.finditer(text):
        pos = match.end()
        while text.startswith("\n", pos):
            pos += 1
        start = pos
        lines = []
        while pos < len(text):
            eol = text.find("\n", pos)
            eol = len(text) if eol < 0 else eol
            line = text[pos:eol]
            if not line.startswith("|"):
                break
            lines.append(line)
            pos = eol + 1
        found.append(Example(sql=match.group(1), answer="\n".join(lines), start=start, end=pos))
    return found


def format_value(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(round(value, 6))
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


def markdown_answer(columns: list[str], rows: list[tuple]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(format_value(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def answer(warehouse: Path, sql: str) -> str:
    """Run `sql` read-only as `gongkai query` would and render the result as a Markdown table."""
    from warehouse.store import connect_for_query

    with connect_for_query(Path(warehouse)) as con:
        relation = con.sql(sql)
        return markdown_answer(relation.columns, relation.fetchall())


def with_answers(text: str, warehouse: Path) -> str:
    """README text with the answer under every ```sql block recomputed."""
    for example in reversed(examples(text)):
        table = answer(warehouse, example.sql)
        tail = text[example.end:]
        text = text[: example.start] + table + "\n" + ("" if tail.startswith("\n") else "\n") + tail
    return text


# ---------------------------------------------------------------------------------------
# Readable files


def file_types_table() -> str:
    from ingest.file_types import FILE_TYPES

    lines = ["| suffix | what it is | `source.format` | read by |", "|---|---|---|---|"]
    lines += [f"| `{t.suffix}` | {t.kind} | `{t.format}` | `{t.reader}` |" for t in FILE_TYPES]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------


def replace_between(text: str, begin: str, end: str, body: str) -> str:
    i, j = text.index(begin), text.index(end)
    return text[: i + len(begin)] + "\n" + body.rstrip("\n") + "\n" + text[j:]


def between(text: str, begin: str, end: str) -> str:
    i, j = text.index(begin), text.index(end)
    return text[i + len(begin): j].strip("\n")


def regenerate(text: str, warehouse: Path | None) -> str:
    text = replace_between(text, GRAPH_BEGIN, GRAPH_END, mermaid_asset_graph())
    text = replace_between(text, DICT_BEGIN, DICT_END, data_dictionary())
    text = replace_between(text, TYPES_BEGIN, TYPES_END, file_types_table())
    if warehouse is not None:
        text = with_answers(text, warehouse)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path,
                        help="a warehouse built from samples/ (without it the SQL answers are left as they are)")
    parser.add_argument("--check", action="store_true", help="only report whether README.md is up to date")
    parser.add_argument("--readme", type=Path, default=README)
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    new = regenerate(text, args.warehouse)
    if args.check:
        if new != text:
            print(f"{args.readme} is out of date: run `make readme`", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.readme.write_text(new, encoding="utf-8")
        print(f"updated {args.readme}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO_ROOT))
    sys.exit(main())

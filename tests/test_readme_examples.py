"""README.md can't rot: every ```sql example gives the answer printed under it on samples/,
the Mermaid asset graph is that of the real Definitions, the data dictionary that of the dbt YAML.

After a deliberate change: `make readme` (docs/readme_gen.py) rewrites the generated parts.
"""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from tests.conftest import REPO_ROOT

README = REPO_ROOT / "README.md"
FIX = "run `make readme` to regenerate README.md after a deliberate change"


def _readme_gen():
    spec = importlib.util.spec_from_file_location("readme_gen", REPO_ROOT / "docs" / "readme_gen.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen = _readme_gen()
TEXT = README.read_text(encoding="utf-8")
EXAMPLES = gen.examples(TEXT)


def _rows(markdown: str) -> list[list[str]]:
    """Cells of a Markdown table (header first, separator dropped), whitespace-insensitive."""
    rows = []
    for line in markdown.strip().splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if cells and all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows


def test_readme_has_at_least_ten_sql_examples_each_with_an_answer():
    assert len(EXAMPLES) >= 10
    for example in EXAMPLES:
        assert example.answer.startswith("|"), f"no answer table under:\n{example.sql}"


def test_readme_opens_with_make_run_and_make_test():
    first_block = TEXT.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first_block.splitlines()] == [["make", "run"], ["make", "test"]]


@pytest.mark.parametrize("number", range(len(EXAMPLES)), ids=lambda n: f"example{n + 1}")
def test_sql_example_gives_the_printed_answer(samples_run, number):
    assert samples_run.returncode == 0, samples_run.stderr
    example = EXAMPLES[number]
    got = gen.answer(samples_run.warehouse, example.sql)
    assert _rows(got) == _rows(example.answer), f"{FIX}\n--- sql\n{example.sql}\n--- now\n{got}"


def test_readme_asset_graph_is_that_of_the_definitions():
    printed = gen.between(TEXT, gen.GRAPH_BEGIN, gen.GRAPH_END)
    assert printed == gen.mermaid_asset_graph().strip("\n"), FIX


def test_mermaid_graph_covers_every_asset_key():
    from orchestration.definitions import defs

    graph = gen.mermaid_asset_graph(defs)
    for key in defs.resolve_all_asset_keys():
        assert f'["{key.to_user_string()}' in graph


def test_readme_data_dictionary_is_that_of_the_dbt_yaml():
    printed = gen.between(TEXT, gen.DICT_BEGIN, gen.DICT_END)
    assert printed == gen.data_dictionary().strip("\n"), FIX


def test_readme_file_types_are_those_of_the_table():
    printed = gen.between(TEXT, gen.TYPES_BEGIN, gen.TYPES_END)
    assert printed == gen.file_types_table().strip("\n"), FIX


def test_readme_links_exist():
    for target in re.findall(r"\]\(((?!https?:|#)[^)]+)\)", TEXT):
        assert (REPO_ROOT / target).exists(), f"README links to missing {target}"


def test_markdown_answer_rendering():
    assert gen.markdown_answer(["a", "b|c"], [(1.0, None), (2.5, "x|y")]) == (
        "| a | b\\|c |\n|---|---|\n| 1 | NULL |\n| 2.5 | x\\|y |")
    text = "intro\n\n```sql\nselect 1 as one;\n```\n\nold\n"
    assert gen.examples(text)[0].answer == ""


def test_readme_documents_exit_codes_of_every_subcommand():
    from gongkai.cli import build_parser

    subcommands = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    exit_section = TEXT.split("### Exit codes", 1)[1].split("\n## ", 1)[0]
    for name in subcommands:
        assert f"`gongkai {name}" in exit_section, f"README's exit codes miss `gongkai {name}`"


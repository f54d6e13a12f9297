"""Every example runs on its own, on each backend it declares, and prints
what its page shows for that backend."""

from __future__ import annotations

import re

import pytest

from conftest import (
    DOCS,
    EXAMPLES,
    example_sections,
    executed_docs,
    kerasdocs,
    normalise,
    shown_text,
)

SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))


def page_cells_by_file() -> dict[str, list[tuple[str, str]]]:
    """{example file: [(page, section), ...]} over every executed page."""
    found: dict[str, list[tuple[str, str]]] = {}
    for page in executed_docs():
        text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        for ref in re.findall(r"^:example: (\S+)$", text, re.M):
            file_name, _, section = ref.partition("#")
            found.setdefault(file_name, []).append((page, section))
    return found


@pytest.mark.parametrize("name", SCRIPTS)
def test_header(name):
    """keras-io style header: title, the page that shows it, the backends it
    runs on (with a reason when not all of them), a description."""
    header = example_sections.read_header(EXAMPLES / name)
    assert (EXAMPLES.parent / header.page).is_file(), f"{name}: no page {header.page}"
    assert header.title and header.description


@pytest.mark.parametrize("header", [
    "Title: t\nPage: p\nDescription: d",  # no Backends line
    "Title: t\nPage: p\nBackends: tensorflow\nDescription: d",  # fewer, no reason
    "Title: t\nPage: p\nBackends: jax, tensorflow\nDescription: d",  # order
    "Title: t\nPage: p\nBackends: theano (old)\nDescription: d",  # unknown
])
def test_a_header_without_a_valid_backends_line_is_refused(header, tmp_path):
    path = tmp_path / "x.py"
    path.write_text(f'"""\n{header}\n"""\n\n# %% a\nprint(1)\n', encoding="utf-8")
    with pytest.raises(example_sections.ExampleError, match="x.py"):
        example_sections.read_sections(path)


def test_raises_per_backend_is_parsed(tmp_path):
    path = tmp_path / "x.py"
    path.write_text('"""\nTitle: t\nPage: p\nBackends: tensorflow, jax, torch\n'
                    'Description: d\n"""\n'
                    "# %% a\nprint(1)\n"
                    "# %% b (raises tensorflow: InvalidArgumentError; torch: IndexError)\nx[9]\n",
                    encoding="utf-8")
    last = example_sections.read_sections(path)[-1]
    assert last.raises_on("tensorflow") == "InvalidArgumentError"
    assert last.raises_on("torch") == "IndexError"
    assert last.raises_on("jax") is None


def test_every_script_is_shown_or_imported():
    shown = page_cells_by_file()
    helpers = {"layer_graph.py"}  # imported by a shown script, not shown itself
    assert set(SCRIPTS) == set(shown) | helpers
    for helper in helpers:
        assert any(f"from {helper[:-3]} import" in (EXAMPLES / s).read_text() for s in shown)


@pytest.mark.parametrize("name", sorted(page_cells_by_file()))
def test_page_shows_the_whole_file_in_order(name):
    sections = [s.name for s in kerasdocs.read_sections(EXAMPLES / name)]
    assert [s for _, s in page_cells_by_file()[name]] == sections


def script_backends() -> list[tuple[str, str]]:
    return [(name, backend) for name in sorted(page_cells_by_file())
            for backend in example_sections.read_header(EXAMPLES / name).backends]


@pytest.mark.parametrize(("name", "backend"), script_backends())
def test_script_prints_what_the_page_shows(name, backend, site, script_runner, tmp_path):
    """Run `KERAS_BACKEND=<backend> python examples/<name>` (from an empty
    folder) and compare with what the page's cells of that file printed on
    that backend."""
    result = script_runner(backend).run(EXAMPLES / name, tmp_path)
    sections = kerasdocs.read_sections(EXAMPLES / name)
    page = page_cells_by_file()[name][0][0]
    cells = [c for c in site.executed(page, backend).cells
             if c.metadata.get("example", "").partition("#")[0] == name]
    assert len(cells) == len(sections)
    assert normalise(result.stdout) == normalise("".join(shown_text(c) for c in cells)), \
        result.stderr[-3000:]

    raises = sections[-1].raises_on(backend)
    if raises:
        assert result.returncode == 1
        last_line = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        # Python names an exception that is not a builtin with its module:
        # "tensorflow.python.framework.errors_impl.InvalidArgumentError: ..."
        error_line = re.compile(rf"^(?:[\w.]+\.)?{raises}: (?P<message>.*)$")
        error_lines = [m for line in result.stderr.splitlines() if (m := error_line.match(line))]
        assert error_lines, f"{name} should end with {raises}; stderr ends: {last_line}"
        error = cells[-1].outputs[-1]
        assert error.output_type == "error" and error.ename == raises
        assert error_lines[0]["message"] == error.evalue.splitlines()[0]
    else:
        assert result.returncode == 0, result.stderr[-3000:]

"""Every example runs on its own and prints what its page shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import DOCS, EXAMPLES, executed_docs, kerasdocs

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEADER = re.compile(r'\A"""\nTitle: (?P<title>.+)\nPage: (?P<page>\S+)\nDescription: (?P<desc>.+?)\n"""\n',
                    re.S)
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


def shown_text(cell) -> str:
    """What a cell shows as text: its stdout, and text displays (Keras's
    rich summaries) without colour codes. Pictures and glue data are not text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and out.name == "stdout":
            parts.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            data = out.get("data", {})
            if "text/plain" in data and not any(k.startswith("image/") for k in data):
                parts.append(ANSI.sub("", data["text/plain"]))
    return "".join(parts)


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@pytest.mark.parametrize("name", SCRIPTS)
def test_header(name):
    """keras-io style header: title, the page that shows it, a description."""
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    match = HEADER.match(text)
    assert match, f"{name}: no Title/Page/Description header"
    assert (EXAMPLES.parent / match["page"]).is_file(), f"{name}: no page {match['page']}"


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


@pytest.mark.parametrize("name", sorted(page_cells_by_file()))
def test_script_prints_what_the_page_shows(name, site, tmp_path):
    """Run `python examples/<name>` in a fresh interpreter (from an empty
    folder) and compare with the outputs of the page's cells for that file."""
    env = {**os.environ, "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
    result = subprocess.run([sys.executable, str(EXAMPLES / name)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=300)
    sections = kerasdocs.read_sections(EXAMPLES / name)
    page = page_cells_by_file()[name][0][0]
    cells = [c for c in site.executed(page).cells
             if c.metadata.get("example", "").partition("#")[0] == name]
    assert len(cells) == len(sections)
    assert normalise(result.stdout) == normalise("".join(shown_text(c) for c in cells))

    raises = sections[-1].raises
    if raises:
        assert result.returncode == 1
        last_line = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        # Python names an exception that is not a builtin with its module:
        # "tensorflow.python.framework.errors_impl.InvalidArgumentError: ..."
        error_line = re.compile(rf"^(?:[\w.]+\.)?{raises}: (?P<message>.*)$")
        error_lines = [m for l in result.stderr.splitlines() if (m := error_line.match(l))]
        assert error_lines, f"{name} should end with {raises}; stderr ends: {last_line}"
        error = cells[-1].outputs[-1]
        assert error.output_type == "error" and error.ename == raises
        assert error_lines[0]["message"] == error.evalue.splitlines()[0]
    else:
        assert result.returncode == 0, result.stderr[-3000:]

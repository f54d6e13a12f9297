"""How a cell shows the error it raised: the reader's part first, the rest folded.

A Keras error raised from a reader's line passes through a dozen frames of
Keras and its backend before it is raised; printed whole, the traceback is 30
to 50 lines of site-packages the reader never wrote, and the two lines that
matter (the reader's line and the exception) are far apart. As IPython prints
it, a traceback is a list: a rule, the header ("ValueError  Traceback (most
recent call last)"), one entry per frame ("Cell In[4], line 2 ..." for the
cell's own code, "File <site-packages>/keras/... " for a library's), and the
exception with its message, last.

A long one is shown as: the header, the frames in the reader's code (the
cell, or a helper module of examples/), the exception and its whole message;
then the full traceback, exactly as printed, folded in a ``<details>`` one
click away (keyboard: the summary is a button). A short one (at most
``SHORT_LINES`` lines, or nothing to leave out) is shown whole, as printed.
Nothing is rewritten: every line shown is a line of the traceback.
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from myst_nb.core.render import NbElementRenderer, strip_ansi
from sphinx.errors import ExtensionError

SHORT_LINES = 15  # a traceback this short is shown whole
WORDS = {
    "en": "Full traceback ({lines} lines, {frames} more frames inside the libraries)",
    "zh_CN": "完整的回溯信息（{lines} 行，另有 {frames} 个库内部的栈帧）",
}
READERS_FRAME = re.compile(r"^(Cell In\[\d+\]|File [^\n]*/examples/)")


def lines_of(traceback: list[str]) -> int:
    """Lines of the traceback as shown (its entries joined by newlines)."""
    return len("\n".join(traceback).strip("\n").split("\n"))


def fold(traceback: list[str]) -> tuple[list[str], int] | None:
    """The entries of `traceback` (ANSI codes stripped) that the reader sees
    unfolded, and how many frames are left out; None to show it whole."""
    if len(traceback) < 3:
        return None
    header, frames, exception = traceback[1], traceback[2:-1], traceback[-1]
    kept = [frame for frame in frames if READERS_FRAME.match(frame)]
    if lines_of(traceback) <= SHORT_LINES or len(kept) == len(frames):
        return None
    return [header, *kept, exception], len(frames) - len(kept)


def render_error(self, output, cell_metadata, cell_index, source_line) -> list[nodes.Element]:
    """myst-nb's error output, folded as the module says."""
    shown = _render_error(self, output, cell_metadata, cell_index, source_line)
    traceback = [strip_ansi(entry) for entry in output["traceback"]]
    folded = fold(traceback)
    if folded is None or len(shown) != 1:
        return shown
    entries, left_out = folded
    lexer = self.renderer.get_cell_level_config("render_error_lexer", cell_metadata,
                                                line=source_line)
    short = self.renderer.create_highlighted_code_block(
        "\n".join(entries), lexer, source=self.source, line=source_line)
    short["classes"] += ["output", "traceback", "traceback-short"]
    full = shown[0]
    full["classes"] += ["traceback-full"]
    language = self.renderer.sphinx_env.config.language
    summary = WORDS.get(language, WORDS["en"]).format(
        lines=lines_of(traceback), frames=left_out)
    return [short,
            nodes.raw("", '<details class="kerasdocs-traceback">'
                          f"<summary>{html.escape(summary)}</summary>", format="html"),
            full,
            nodes.raw("", "</details>", format="html")]


_render_error = NbElementRenderer.render_error


def setup() -> None:
    import inspect

    if list(inspect.signature(_render_error).parameters) != [
            "self", "output", "cell_metadata", "cell_index", "source_line"]:
        raise ExtensionError("myst-nb changed: tracebacks.py wraps "
                             "NbElementRenderer.render_error(output, cell_metadata, "
                             "cell_index, source_line) (myst-nb 1.4)")
    NbElementRenderer.render_error = render_error

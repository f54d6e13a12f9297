"""How a cell shows what it printed on each backend.

A cell whose outputs are the same on every backend it ran on shows them once,
with a quiet line naming those backends ("Same output on TensorFlow · JAX ·
PyTorch"). A cell whose outputs differ shows a tab per backend (sphinx-design
tabs, synced across the page and the site, the reader's choice remembered by
sphinx-design's script; keyboard: the tabs are radio buttons).

myst-nb renders a cell from the page's merged notebook, which holds the outputs
of the cell's first backend; the summary stored with it in the cache
(``run.store_page``) says where each cell ran and whether the outputs agree.
The other backends' outputs are read from their copies in the cache and
rendered by myst-nb's own output renderer, so they look exactly alike.
Nothing here executes anything: the Chinese build shows the same runs.
"""

from __future__ import annotations

import html

from docutils import nodes
from myst_nb.core.render import MditRenderMixin
from myst_nb.core.utils import coalesce_streams
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from example_sections import BACKENDS

SYNC_GROUP = "keras-backend"
# The interface's words, per language ({names}: "TensorFlow · JAX · PyTorch").
WORDS = {
    "en": {"same": "Same output on {names}", "ran": "Ran on {names}",
           "differ": "The outputs differ by backend:"},
    "zh_CN": {"same": "{names} 上输出相同", "ran": "仅在 {names} 上运行",
              "differ": "各后端的输出不同："},
}


def words(language: str) -> dict[str, str]:
    return WORDS.get(language, WORDS["en"])


class PageRuns:
    """The summary of a page's runs and, on demand, each backend's copy."""

    def __init__(self, renderer) -> None:
        from jupyter_cache import get_cache

        env = renderer.sphinx_env
        self.cache = get_cache(env.mystnb_config.execution_cache_path)
        try:
            record = self.cache.match_cache_notebook(renderer.nb_client.notebook)
        except KeyError:
            record = None
        self.summary = ((record.data or {}).get("kerasdocs") if record else None) or {}
        self.copies: dict[str, object] = {}

    def cell(self, index: int) -> dict | None:
        return self.summary.get("cells", {}).get(str(index))

    def outputs(self, backend: str, index: int) -> list:
        """What the cell (at ``index`` in the page) printed on ``backend``."""
        if backend not in self.copies:
            from jupyter_cache.cache.db import NbCacheRecord

            hashkey = self.summary["copies"][backend]
            try:
                record = NbCacheRecord.record_from_hashkey(hashkey, self.cache.db)
            except KeyError:
                raise ExtensionError(f"the {backend} run of this page is missing from the "
                                     "execution cache; build again to execute it") from None
            self.copies[backend] = self.cache.get_cache_bundle(record.pk).nb
        code = [c for c in self.copies[backend].cells if c.cell_type == "code"]
        return code[self.cell(index)["code"]].get("outputs", [])


def ran_on_mark(language: str, backends: list[str], same: bool) -> nodes.raw:
    text = words(language)["same" if same and len(backends) > 1 else "ran"]
    names = " · ".join(BACKENDS[b] for b in backends)
    before, _, after = html.escape(text).partition("{names}")
    return nodes.raw("", f'<p class="kerasdocs-ran-on">{before}<span class="backend-names">'
                         f'{html.escape(names)}</span>{after}</p>', format="html")


def tab_set(renderer, token, runs: PageRuns, index: int, backends: list[str]) -> nodes.Element:
    """One tab per backend, each with that backend's outputs, rendered by myst-nb."""
    from sphinx_design.shared import create_component

    tabs = create_component("tab-set", classes=["sd-tab-set", "kerasdocs-backend-tabs"])
    merge = renderer.get_cell_level_config("merge_streams", token.meta["metadata"])
    for backend in backends:
        label = nodes.rubric(BACKENDS[backend], BACKENDS[backend], classes=["sd-tab-label"])
        label["sync_id"] = backend
        label["sync_group"] = SYNC_GROUP
        label["translatable"] = False  # a name, the same in every language
        content = create_component("tab-content", classes=["sd-tab-content"])
        output = nodes.container(nb_element="cell_code_output", classes=["cell_output"])
        outputs = runs.outputs(backend, index)
        with renderer.current_node_context(output):
            renderer._render_nb_cell_code_outputs(
                token, coalesce_streams(outputs) if merge else outputs)
        content += output
        tabs += create_component("tab-item", children=[label, content], classes=["sd-tab-item"])
    return tabs


_render_cell = MditRenderMixin.render_nb_cell_code


def render_nb_cell_code(self, token) -> None:
    """myst-nb's cell rendering, then the backends' mark or tabs (not when
    nothing executes: extracting the messages to translate)."""
    _render_cell(self, token)
    if self.sphinx_env.mystnb_config.execution_mode == "off":
        return
    index = token.meta["index"]
    cell = self.current_node.children[-1] if self.current_node.children else None
    if not (isinstance(cell, nodes.container) and cell.get("nb_element") == "cell_code"
            and cell.get("cell_index") == index):
        return  # a removed cell: nothing shown, nothing to mark
    runs = getattr(self, "_kerasdocs_runs", None)  # one renderer per page
    if runs is None:
        runs = self._kerasdocs_runs = PageRuns(self)
    info = runs.cell(index)
    if info is None:
        return
    language = self.sphinx_env.config.language
    tags = token.meta["metadata"].get("tags", [])
    if "remove-output" in tags or "remove_output" in tags:
        return
    if info["same"]:
        cell += ran_on_mark(language, info["backends"], True)
        return
    shown = [c for c in cell.children if c.get("nb_element") == "cell_code_output"]
    for child in shown:
        cell.remove(child)
    cell += nodes.raw("", f'<p class="kerasdocs-differ">{html.escape(words(language)["differ"])}'
                          "</p>", format="html")
    cell += tab_set(self, token, runs, index, info["backends"])


def setup(app: Sphinx) -> None:
    if not hasattr(MditRenderMixin, "_render_nb_cell_code_outputs"):
        raise ExtensionError("myst-nb changed: present.py renders outputs through "
                             "MditRenderMixin._render_nb_cell_code_outputs (myst-nb 1.4)")
    MditRenderMixin.render_nb_cell_code = render_nb_cell_code

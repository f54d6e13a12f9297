"""Pictures in the page's language, from the one run.

The kernels draw matplotlib figures as SVG whose labels stay text
(``svg.fonttype = "none"``, set in the hidden set-up cell), so the labels are
sharp, and the site can translate them. Nothing runs again for another
language: when a page of the Chinese site shows a picture, each label that
the page's catalog translates is replaced in the SVG it writes, and the
label's font list gains the CJK fonts readers have (Noto/Source Han, PingFang,
Microsoft YaHei...), so no font is needed at build time and none is shipped.

Every picture says what it shows to a reader who cannot see it: the cell that
draws it gives its ``alt`` text (``:alt: ...`` in the page), translated like
the page's prose.

`nox -s translations` extracts the labels from the build's run (the
jupyter-cache), with each picture's alt text, into the page's catalog.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable

from docutils import nodes
from myst_nb.core.render import MimeData, NbElementRenderer
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

import i18n

logger = logging.getLogger(__name__)

SVG = "image/svg+xml"
LABEL = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")
# a label with a word, in English or Chinese (tick values are numbers)
WORDS = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")
CJK_FONTS = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Hiragino Sans GB', "
             "'Microsoft YaHei', 'WenQuanYi Micro Hei', ")


def labels(svg: str) -> list[str]:
    """The words of a picture: its text labels that contain a word, in order."""
    found = (html.unescape(m[2]) for m in LABEL.finditer(svg))
    return list(dict.fromkeys(label for label in found if WORDS.search(label)))


def translate_svg(svg: str, gettext: Callable[[str], str]) -> str:
    """The picture with its labels translated and CJK fonts in its font lists."""

    def label(match: re.Match[str]) -> str:
        start, text, end = match.groups()
        own = gettext(html.unescape(text))
        start = start.replace("sans-serif", CJK_FONTS + "sans-serif", 1)  # font-family's end
        return f"{start}{html.escape(own, quote=False)}{end}"

    return LABEL.sub(label, svg)


def cell_alt(cell_metadata: dict) -> str | None:
    return cell_metadata.get("alt")


_render_image = NbElementRenderer.render_image


def render_image(self, data: MimeData) -> list[nodes.Element]:
    """myst-nb's image output, in the page's language, with its alt text."""
    env = self.renderer.document.settings.env
    gettext = i18n.catalog_gettext(env.srcdir, env.config, env.docname)
    if gettext is not None and data.mime_type == SVG:
        data = dataclasses.replace(data, content=translate_svg(data.string, gettext))
    shown = _render_image(self, data)
    alt = cell_alt(data.cell_metadata)
    if not alt:  # a strict build stops on it, naming the page
        logger.warning(f"the cell that draws a picture (cell {data.cell_index}) gives no "
                       "':alt:' text saying what the picture shows", location=env.docname)
        alt = ""
    for image in shown:
        image["alt"] = gettext(alt) if gettext and alt else alt
    return shown


def picture_messages(app: Sphinx, docname: str, doctree: nodes.document) -> list[str]:
    """What to translate in a page's pictures: each drawing cell's alt text,
    and the labels of the pictures its run drew on every backend (read from
    the jupyter-cache; nothing is executed)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbCacheRecord

    found: list[str] = []
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") == "cell_code" and cell_alt(cell.get("cell_metadata", {})):
            found.append(cell_alt(cell["cell_metadata"]))
    if not app.env.metadata[docname].get("kernelspec"):
        return found
    cache = get_cache(app.env.mystnb_config.execution_cache_path)
    written = nbformat.read(f"{app.env.mystnb_config.output_folder}/{docname}.ipynb",
                            as_version=4)
    try:
        record = cache.match_cache_notebook(written)
    except KeyError:
        raise ExtensionError(
            f"{docname}: its pictures' labels come from the English build's run, which is "
            "not in the cache: build the site (`nox -s docs`) before extracting messages"
        ) from None
    hashkeys = [record.hashkey, *record.data.get("kerasdocs", {}).get("copies", {}).values()]
    for hashkey in hashkeys:
        bundle = cache.get_cache_bundle(NbCacheRecord.record_from_hashkey(hashkey, cache.db).pk)
        for cell in bundle.nb.cells:
            for output in cell.get("outputs", []):
                if SVG in output.get("data", {}):
                    found += labels(output["data"][SVG])
    return list(dict.fromkeys(found))


def setup(app: Sphinx) -> dict:
    NbElementRenderer.render_image = render_image
    return {"version": "1", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}

"""Link previews: every page's description and Open Graph tags, in its language.

A page's description is the text of its first paragraphs, cut at a length per
language (a preview shows about 200 Latin or 100 Chinese characters). Pages
without a text of their own (search, index) get the site's description.

sphinxext-opengraph did this until 2026-12-07. It imports matplotlib at start
(for social-card pictures, even when they are off), which cost 0.6–0.8 s of
every build and of every rebuild in `nox -s serve`, and it joined the text of inline
markup with spaces, which Chinese does not put around words
("LSTM(32) ，每次调用打印出的输入形状却 各不相同 。").
"""

from __future__ import annotations

import html
import re

from docutils import nodes
from sphinx.application import Sphinx

# Pages without a text of their own (search, index).
DESCRIPTIONS = {
    "en": "Four Keras ideas, explained and proved by running code: shared layers, "
          "Embedding vs Input, backend.dot and symbolic tensors, Model vs Layer.",
    "zh_CN": "四个 Keras 概念，用运行结果讲清楚：共享层、Embedding 与 Input、"
             "backend.dot 与符号张量、Model 与 Layer。",
}
LENGTHS = {"en": 200, "zh_CN": 100}  # characters; previews cut longer ones
LOCALES = {"en": "en_US", "zh_CN": "zh_CN"}  # og:locale


def description(doctree: nodes.document, length: int) -> str:
    """The page's first paragraphs (not those of notes, tables or lists), their
    inline markup's text as it reads, cut to `length` characters."""
    text = ""
    for paragraph in doctree.findall(nodes.paragraph):
        if not isinstance(paragraph.parent, (nodes.section, nodes.document)):
            continue
        words = re.sub(r"\s+", " ", paragraph.astext()).strip()
        # a space between paragraphs, unless the first ends with a CJK mark (。)
        text += (" " if text and not re.search(r"[\u3000-\u303f\uff00-\uffef]$", text)
                 else "") + words
        if len(text) >= length:
            break
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def on_html_page_context(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    language = app.config.language if app.config.language in LOCALES else "en"
    if doctree is None:  # search, index
        text = DESCRIPTIONS[language]
        tags = {}
    else:
        text = description(doctree, LENGTHS[language])
        site = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
        tags = {
            "og:title": html.unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))),
            "og:type": "article",
            "og:url": site + app.builder.get_target_uri(pagename),  # relative without a site
            "og:site_name": app.config.html_title,  # the site's name (kerasdocs sets it)
            "og:locale": LOCALES[language],
        }
    lines = [f'<meta name="description" content="{html.escape(text)}">']
    lines += [f'<meta property="{p}" content="{html.escape(v)}">' for p, v in tags.items()]
    if tags:
        lines += [f'<meta property="og:locale:alternate" content="{locale}">'
                  for code, locale in LOCALES.items() if code != language]
    lines.append(f'<meta property="og:description" content="{html.escape(text)}">')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(lines)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

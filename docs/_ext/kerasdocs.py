"""The site's own Sphinx extension.

- ``:example: file.py#section`` on a ``{code-cell}`` fills the cell with one
  section of ``examples/file.py`` (the single source of the page's code) and
  records the file as a dependency, so editing it re-reads and re-executes the
  page. A section marked ``(raises SomeError)`` gets the ``raises-exception``
  tag: only those cells may raise. Each such cell gets the label
  ``example-<file>-<section>``, for links to the cell that shows a fact.
- Executing the pages, on every Keras backend, is the ``execution`` package's
  business (its hidden first cell, kernels, the per-backend outputs).
- Those versions, a language switcher and a translated title go into every
  page's HTML context.
- A glossary term shows its word in the other language.
- Link previews (a description and Open Graph tags per page, in its
  language) are ``link_previews.py``'s.
- Every executed page offers a notebook and the example scripts it shows, in
  its language (``downloads.py``).
- The 404 page (sphinx-notfound-page) gets absolute URLs for its language.
- The languages' own business (catalogs, code comments, interface labels,
  the glossary's order, Chinese search) is ``i18n.py``'s.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import downloads
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

import example_sections
import execution
from example_sections import Section
from execution import setup_cell

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
EXAMPLES = ROOT / "examples"

LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
# How Read the Docs spells each language in its URLs.
RTD_LANGUAGE = {"en": "en", "zh_CN": "zh-cn"}
TITLES = {"en": "Keras, run and explained", "zh_CN": "Keras 跑给你看"}
# Labels of the toggle that folds a "Try it" answer's code (myst-nb's own
# labels are configuration, not translatable text).
CODE_PROMPTS = {
    "en": ("Show code and output", "Hide code and output"),
    "zh_CN": ("显示代码与输出", "隐藏代码与输出"),
}
VERSION_KEYS = {
    "Keras": "keras_version",
    "TensorFlow": "tensorflow_version",
    "JAX": "jax_version",
    "PyTorch": "torch_version",
    "tf-keras": "tf_keras_version",
}

# -- example sections ---------------------------------------------------------

CELL_RE = re.compile(
    r"^(?P<fence>`{3,})\{code-cell\}(?P<lang>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
OPTION_RE = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


def read_sections(path: Path) -> list[Section]:
    """The sections of an example; an authoring mistake stops the build."""
    try:
        return example_sections.read_sections(path)
    except example_sections.ExampleError as error:
        raise ExtensionError(str(error)) from None


def _parse_options(body: str) -> tuple[dict[str, str], str]:
    options: dict[str, str] = {}
    lines = body.split("\n")
    while lines and (match := OPTION_RE.match(lines[0])):
        options[match["key"]] = match["value"].strip()
        lines.pop(0)
    return options, "\n".join(lines)


def _tags(value: str | None) -> list[str]:
    if not value:
        return []
    return [t.strip() for t in value.strip("[]").split(",") if t.strip()]


def expand_examples(docname: str, text: str) -> tuple[str, set[Path]]:
    """Fill every ``:example:`` cell; check each file is shown whole, in order."""
    used: list[Section] = []
    files: set[Path] = set()

    def fill(match: re.Match[str]) -> str:
        options, code = _parse_options(match["body"])
        if "example" not in options:
            return match.group(0)
        where = f"{docname}: cell ':example: {options['example']}'"
        if code.strip():
            raise ExtensionError(f"{where} must be empty: its code comes from the file")
        file_name, _, section_name = options.pop("example").partition("#")
        path = EXAMPLES / file_name
        if not path.is_file():
            raise ExtensionError(f"{where}: no file {path}")
        files.add(path)
        by_name = {s.name: s for s in read_sections(path)}
        if section_name not in by_name:
            raise ExtensionError(f"{where}: {file_name} has no section {section_name!r} "
                                 f"(it has {list(by_name)})")
        section = by_name[section_name]
        used.append(section)
        tags = _tags(options.pop("tags", None))
        if section.raises and "raises-exception" not in tags:
            tags.append("raises-exception")
        if tags:
            options["tags"] = "[" + ", ".join(tags) + "]"
        # keep the origin in the cell's metadata: tests map cells back to files
        options["example"] = f"{file_name}#{section_name}"
        head = "".join(f":{k}: {v}\n" for k, v in options.items())
        fence = match["fence"]
        return f"{fence}{{code-cell}}{match['lang']}\n{head}{section.code}\n{fence}"

    text = CELL_RE.sub(fill, text)
    # The page shows each example whole, in file order, without interleaving:
    # then the page's outputs are exactly what `python examples/<file>` prints.
    seen: list[str] = []
    for section in used:
        if not seen or seen[-1] != section.file:
            if section.file in seen:
                raise ExtensionError(f"{docname}: sections of {section.file} are "
                                     "interleaved with another example's")
            seen.append(section.file)
    for file_name in seen:
        expected = [s.name for s in read_sections(EXAMPLES / file_name)]
        shown = [s.name for s in used if s.file == file_name]
        if shown != expected:
            raise ExtensionError(f"{docname}: {file_name} must be shown whole and in "
                                 f"order: sections {expected}, the page has {shown}")
    return text, files


# -- executed pages (docs/_ext/execution) -------------------------------------------

is_notebook = setup_cell.is_notebook
environment_stamp = setup_cell.environment_stamp


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    try:
        prepared = execution.prepare_source(docname, source[0])
    except execution.ExecutionSetupError as error:
        logger.error(str(error), location=docname)
        raise execution.BuildFailed from None
    if prepared is None:
        return
    source[0], files = prepared
    for path in files:
        app.env.note_dependency(str(path))


class LabelExampleCells(SphinxTransform):
    """Give every `:example:` cell a label, `example-<file>-<section>`, so
    other pages can link to the very cell that shows something:
    {ref}`text <example-shared-layers-keras3-removed-accessors>`."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        for cell in self.document.findall(nodes.container):
            origin = cell.get("cell_metadata", {}).get("example")
            if origin:
                file_name, _, section = origin.partition("#")
                label = f"example-{Path(file_name).stem}-{section}".replace("_", "-").lower()
                cell["names"].append(label)
                self.document.note_explicit_target(cell)


# -- glossary: show each term's word in the other language ---------------------------


def show_term_classifiers(app: Sphinx, doctree: nodes.document) -> None:
    """A glossary line `shared layer : 共享层` (translated `共享层 : shared layer`)
    keeps the part after " : " only as an index key; show it beside the term."""
    for term in doctree.findall(nodes.term):
        for index in term.findall(addnodes.index):
            for *_, key in index["entries"]:
                if key and key != term.astext():  # not for "LSTM : LSTM"
                    # raw HTML: shown beside the term, but not words of the page's
                    # language (link previews and the search index skip it)
                    term += nodes.raw("", f'<span class="term-other-language">'
                                          f"{html.escape(key)}</span>", format="html")


# -- versions, language switch, title ---------------------------------------------


def _glued_versions(app: Sphinx, docname: str) -> dict[str, str] | None:
    from myst_nb.ext.glue.crossref import read_glue_cache

    try:
        data = read_glue_cache(app.env.mystnb_config.output_folder, docname)
    except Exception:  # noqa: BLE001  (no glue file: the page executes nothing)
        return None
    if "keras_version" not in data:
        return None
    versions = {label: ast.literal_eval(data[key]["data"]["text/plain"])
                for label, key in VERSION_KEYS.items() if key in data}
    return versions


def _ran_on(app: Sphinx, docname: str) -> list[dict[str, str]]:
    """The backends a page ran on, with their devices ("CPU"), from its run."""
    from myst_nb.ext.glue.crossref import read_glue_cache

    try:
        data = read_glue_cache(app.env.mystnb_config.output_folder, docname)
    except Exception:  # noqa: BLE001  (no glue file: the page executes nothing)
        return []
    return [{"name": name, "device": ast.literal_eval(data[f"{b}_device"]["data"]["text/plain"])}
            for b, name in example_sections.BACKENDS.items() if f"{b}_device" in data]


def on_html_page_context(app: Sphinx, pagename: str, templatename, context, doctree):
    language = app.config.language
    if language != "en" and context.get("copyright"):  # the holder's name, translated
        context["copyright"] = context["copyright"].replace(
            app.config.author, app.translator.gettext(app.config.author))
    own = _glued_versions(app, pagename)
    context["downloads"] = downloads.page_downloads(app, pagename, doctree, own)
    if own is None:  # a page without code: the versions the executed pages used
        own = {}
        for docname in downloads.executed_pages(app):
            for name, version in (_glued_versions(app, docname) or {}).items():
                if own.setdefault(name, version) != version:
                    raise ExtensionError(f"pages were executed with different versions of "
                                         f"{name}: {own[name]}, {version}")
        own = {name: own[name] for name in VERSION_KEYS if name in own} or None
    context["executed_with"] = own
    context["ran_on"] = _ran_on(app, pagename)
    context["page_executes"] = pagename in downloads.executed_pages(app)

    depth = pagename.count("/")
    other = []
    for code, label in LANGUAGES.items():
        if code == language:
            continue
        if pagename == app.config.notfound_pagename:  # served at any path: absolute
            root = site_prefix(app, code)
        elif app.config.kerasdocs_rtd_version:  # Read the Docs: /<lang>/<version>/
            root = "../" * (depth + 2) + f"{RTD_LANGUAGE[code]}/{app.config.kerasdocs_rtd_version}/"
        else:  # one output tree: <out>/<lang>/
            root = "../" * (depth + 1) + f"{code}/"
        other.append({"code": code, "label": label, "url": f"{root}{pagename}.html"})
    context["other_languages"] = other
    context["language_label"] = LANGUAGES.get(language, language)


def site_prefix(app: Sphinx, language: str) -> str:
    """The absolute URL path of a language's site: /en/ for the local tree
    (served from build/html), /<lang>/<version>/ on Read the Docs."""
    if app.config.kerasdocs_rtd_version:
        return f"/{RTD_LANGUAGE[language]}/{app.config.kerasdocs_rtd_version}/"
    return f"/{language}/"


def on_builder_inited(app: Sphinx) -> None:
    """myst-nb writes executed notebooks and glue data next to the output
    folder, where the two languages would overwrite each other's: keep them
    with each language's doctrees instead."""
    folder = Path(app.doctreedir) / "jupyter_execute"
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def on_config_inited(app: Sphinx, config) -> None:
    language = config.language if config.language in LANGUAGES else "en"
    # The installed versions: a change re-reads (and so re-executes) every page.
    config.kerasdocs_environment = environment_stamp()
    config.notfound_urls_prefix = site_prefix(app, language) if language in LANGUAGES else "/"
    config.html_title = TITLES[language]
    config.nb_code_prompt_show, config.nb_code_prompt_hide = CODE_PROMPTS[language]


def setup(app: Sphinx) -> dict:
    app.add_config_value("kerasdocs_rtd_version", "", "html")
    app.add_config_value("kerasdocs_environment", "", "env")
    app.setup_extension("execution")
    app.setup_extension("i18n")
    app.setup_extension("pictures")
    app.setup_extension("link_previews")
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited, priority=600)  # after myst-nb's
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", show_term_classifiers)
    app.add_transform(LabelExampleCells)
    app.connect("html-page-context", on_html_page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 2}



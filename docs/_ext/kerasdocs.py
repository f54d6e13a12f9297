"""The site's own Sphinx extension.

- ``:example: file.py#section`` on a ``{code-cell}`` fills the cell with one
  section of ``examples/file.py`` (the single source of the page's code) and
  records the file as a dependency, so editing it re-reads and re-executes the
  page. A section marked ``(raises SomeError)`` gets the ``raises-exception``
  tag: only those cells may raise. Each such cell gets the label
  ``example-<file>-<section>``, for links to the cell that shows a fact.
- Every executed page gets a hidden first cell (``kernel_setup.py``): it
  quiets TensorFlow's start-up logs, keeps machine paths out of tracebacks and
  glues the library versions the page ran with. Its first line names the
  installed versions, so upgrading a dependency re-executes every page.
- Those versions, a language switcher and a translated title go into every
  page's HTML context.
- A glossary term shows its word in the other language.
- Sphinx 9.0's Chinese search script is repaired (sphinx-doc/sphinx#14229).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import logging as pylogging
import platform
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
EXAMPLES = ROOT / "examples"
KERNEL_SETUP = HERE / "kernel_setup.py"

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
    "TensorFlow": "tensorflow_version",
    "Keras": "keras_version",
    "tf-keras": "tf_keras_version",
}

# -- example sections ---------------------------------------------------------

SECTION_RE = re.compile(
    r"^# %% (?P<name>[a-z0-9][a-z0-9-]*)(?: \(raises (?P<raises>\w+)\))?[ \t]*$", re.M
)
CELL_RE = re.compile(
    r"^(?P<fence>`{3,})\{code-cell\}(?P<lang>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.M | re.S,
)
OPTION_RE = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass(frozen=True)
class Section:
    file: str
    name: str
    code: str
    raises: str | None


def read_sections(path: Path) -> list[Section]:
    """The ``# %% name`` sections of an example file, in order."""
    text = path.read_text(encoding="utf-8")
    marks = list(SECTION_RE.finditer(text))
    if not marks:
        raise ExtensionError(f"{path}: no '# %% name' section markers")
    sections = []
    for mark, following in zip(marks, [*marks[1:], None]):
        end = following.start() if following else len(text)
        code = text[mark.end() : end].strip("\n")
        sections.append(Section(path.name, mark["name"], code, mark["raises"]))
    names = [s.name for s in sections]
    if len(set(names)) != len(names):
        raise ExtensionError(f"{path}: section names repeat: {names}")
    raising = [s.name for s in sections if s.raises]
    if raising and raising != [names[-1]]:
        raise ExtensionError(
            f"{path}: only the last section may raise (the script stops there), "
            f"but these do: {raising}"
        )
    return sections


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


# -- hidden set-up cell ---------------------------------------------------------

FRONT_MATTER_RE = re.compile(r"\A---\n(?P<yaml>.*?)\n---[ \t]*\n", re.S)


def is_notebook(text: str) -> bool:
    match = FRONT_MATTER_RE.match(text)
    return bool(match and "kernelspec" in match["yaml"])


def environment_stamp() -> str:
    """Python and the installed versions of what the examples import (the
    pyproject "examples" group). jupyter-cache keys outputs on the code alone:
    this line in every page's hidden first cell makes an upgrade re-execute."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        group = tomllib.load(f)["dependency-groups"]["examples"]
    names = sorted(re.split(r"[\s=<>!~\[;]", req, maxsplit=1)[0]
                   for req in group if isinstance(req, str))
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in names)
    return f"# executed with Python {platform.python_version()}, {versions}"


def inject_setup_cell(text: str) -> str:
    match = FRONT_MATTER_RE.match(text)
    assert match
    setup = KERNEL_SETUP.read_text(encoding="utf-8").strip("\n")
    cell = (f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n{environment_stamp()}\n"
            f"{setup}\n```\n\n")
    return text[: match.end()] + "\n" + cell + text[match.end() :]


def prepare_source(docname: str, text: str) -> tuple[str, list[Path]] | None:
    """A notebook page's source as myst-nb reads it (examples filled in, set-up
    cell added) and the files it depends on; None for a page without code."""
    if not is_notebook(text):
        return None
    text, files = expand_examples(docname, text)
    return inject_setup_cell(text), [*sorted(files), KERNEL_SETUP]


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    prepared = prepare_source(docname, source[0])
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
                    term += nodes.inline(key, key, classes=["term-other-language"])


# -- versions, language switch, title ---------------------------------------------


def _glued_versions(app: Sphinx, docname: str) -> dict[str, str] | None:
    from myst_nb.ext.glue.crossref import read_glue_cache

    try:
        data = read_glue_cache(app.env.mystnb_config.output_folder, docname)
    except Exception:  # noqa: BLE001  (no glue file: the page executes nothing)
        return None
    versions = {}
    for label, key in VERSION_KEYS.items():
        if key not in data:
            return None
        versions[label] = ast.literal_eval(data[key]["data"]["text/plain"])
    return versions


def executed_pages(app: Sphinx) -> list[str]:
    return sorted(d for d in app.env.found_docs if app.env.metadata[d].get("kernelspec"))


def on_html_page_context(app: Sphinx, pagename: str, templatename, context, doctree):
    language = app.config.language
    own = _glued_versions(app, pagename)
    if own is None:  # a page without code: the versions every executed page used
        found = {tuple(v.items()) for d in executed_pages(app)
                 if (v := _glued_versions(app, d))}
        if len(found) > 1:
            raise ExtensionError(f"pages were executed with different versions: {found}")
        own = dict(found.pop()) if found else None
    context["executed_with"] = own
    context["page_executes"] = pagename in executed_pages(app)

    depth = pagename.count("/")
    other = []
    for code, label in LANGUAGES.items():
        if code == language:
            continue
        if app.config.kerasdocs_rtd_version:  # Read the Docs: /<lang>/<version>/
            root = "../" * (depth + 2) + f"{RTD_LANGUAGE[code]}/{app.config.kerasdocs_rtd_version}/"
        else:  # one output tree: <out>/<lang>/
            root = "../" * (depth + 1) + f"{code}/"
        other.append({"code": code, "label": label, "url": f"{root}{pagename}.html"})
    context["other_languages"] = other
    context["language_label"] = LANGUAGES.get(language, language)


def on_builder_inited(app: Sphinx) -> None:
    """myst-nb writes executed notebooks and glue data next to the output
    folder, where the two languages would overwrite each other's: keep them
    with each language's doctrees instead."""
    folder = Path(app.doctreedir) / "jupyter_execute"
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


def on_config_inited(app: Sphinx, config) -> None:
    language = config.language if config.language in LANGUAGES else "en"
    # Interface strings (sphinx.po) are not a dependency of any page: record
    # their hash as a config value, whose change makes Sphinx rewrite every page.
    # Likewise the installed versions: a change re-reads (and so re-executes) every page.
    config.kerasdocs_environment = environment_stamp()
    ui_catalog = Path(app.srcdir, "locales", language, "LC_MESSAGES", "sphinx.po")
    if ui_catalog.is_file():
        config.kerasdocs_ui_catalog = hashlib.sha256(ui_catalog.read_bytes()).hexdigest()
    if language == "zh_CN":  # jieba announces every dictionary load on stderr
        import jieba

        jieba.setLogLevel(pylogging.WARNING)
    config.html_title = TITLES[language]
    config.nb_code_prompt_show, config.nb_code_prompt_hide = CODE_PROMPTS[language]


# -- Chinese search -----------------------------------------------------------------


class SearchChineseFixed(SearchChinese):
    """Sphinx 9.0.x writes ``window.Stemmer = ChineseStemmer``, a class its
    bundled script never defines (it ships the English stemmer for Latin
    words), so every search on a Chinese site fails (sphinx-doc/sphinx#14229).
    The name in that line is built from ``language_name``."""

    language_name = "English"


def setup(app: Sphinx) -> dict:
    app.add_config_value("kerasdocs_rtd_version", "", "html")
    app.add_config_value("kerasdocs_ui_catalog", "", "html")
    app.add_config_value("kerasdocs_environment", "", "env")
    app.setup_extension("parallel_execute")
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited, priority=600)  # after myst-nb's
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", show_term_classifiers)
    app.add_transform(LabelExampleCells)
    app.connect("html-page-context", on_html_page_context)
    if sphinx.version_info[:2] == (9, 0):
        search_languages["zh"] = SearchChineseFixed
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 2}



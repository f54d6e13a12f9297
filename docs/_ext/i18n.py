"""The languages' own business: catalogs, interface strings and Chinese search.

- **A broken catalog fails the build.** Sphinx compiles each ``.po`` with
  Babel, which reports a malformed entry (an unclosed quote, a bad escape) by
  printing ``WARNING: Problem on line 24: ...`` on standard output, without
  the file's name; that is not a Sphinx warning, so a strict build went on
  and shipped the entry cut short. Every catalog of the language being built
  is read first, strictly: a malformed one stops the build (exit 2) with its
  file and line, before anything is read or executed.
- Interface strings (``sphinx.po``) are no page's dependency: their hash is a
  config value, whose change makes Sphinx rewrite every page.
- Code comments are prose (docs/_ext/code_comments.py): the gettext build
  puts each page's comments into its catalog, and the other languages'
  builds show the page's code with the translated comments, after the
  English build executed it (the Chinese build executes nothing).
- Interface labels that furo and myst-nb write into their HTML without
  ``_()`` (``aria-label="Toggle site navigation sidebar"``, ...) go through the
  same catalog as the theme's other strings (sphinx.po), so a screen reader
  speaks the page's language.
- The glossary of the Chinese site is sorted by pinyin, as a Chinese
  dictionary is (Sphinx sorts the translated terms by code point).
- Search: Sphinx 9.0's Chinese search script is repaired
  (sphinx-doc/sphinx#14229), and jieba learns the glossary's Chinese terms, so
  that 符号张量 is one searchable word as well as 符号 and 张量.
"""

from __future__ import annotations

import hashlib
import html
import logging as pylogging
import re
from pathlib import Path

import code_comments
import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

import example_sections
from execution import EXAMPLES, BuildFailed

logger = logging.getLogger(__name__)
GLOSSARY = Path(__file__).resolve().parent.parent / "glossary.md"


def catalogs(app: Sphinx, language: str) -> list[Path]:
    return sorted(Path(app.srcdir, "locales", language, "LC_MESSAGES").glob("*.po"))


# A PO string: quoted, with C's escapes only (what GNU msgfmt accepts).
STRING = re.compile(r'"(?:[^"\\]|\\(?:[\\"abfnrtv?\']|[0-7]{1,3}|x[0-9A-Fa-f]+))*"')
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)")


def po_problems(text: str) -> list[tuple[int, str]]:
    """What makes a catalog malformed, with its line: a string that is not
    quoted or not closed, an unknown escape, a line that is neither a
    keyword, a string nor a comment, an entry without its msgstr.
    (Babel reads all of these without an error and cuts the string short.)"""
    problems = []
    state = None  # the last keyword of the entry being read
    opened = 0  # the line of its msgid
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = KEYWORD.fullmatch(line)
        if keyword:
            name, rest = keyword.groups()
            name = name.split("[")[0]
            if name in ("msgctxt", "msgid") and state in ("msgctxt", "msgid", "msgid_plural") \
                    and not (state == "msgctxt" and name == "msgid"):
                problems.append((opened, "this msgid has no msgstr"))
            if name == "msgstr" and state is None:
                problems.append((number, "a msgstr without its msgid"))
            if name == "msgid":
                opened = number
            state = name
        elif line.startswith('"'):
            rest = line
            if state is None:
                problems.append((number, "a string outside any entry"))
        else:
            problems.append((number, "not a catalog line (msgid, msgstr, a quoted string "
                                     "or a # comment): is a quote missing at its start?"))
            continue
        if not STRING.fullmatch(rest):
            if not rest.startswith('"'):
                problems.append((number, "the string does not start with a double quote"))
            elif (bad := re.search(r'\\[^\\"abfnrtv?\'0-7x]', rest)):
                problems.append((number, f"unknown escape {bad.group()}"))
            else:
                problems.append((number, "the string is not closed: a double quote is missing "
                                         'at its end, or a " inside it is not escaped as \\"'))
    if state in ("msgctxt", "msgid", "msgid_plural"):
        problems.append((opened, "this msgid has no msgstr"))
    return problems


def check_catalogs(app: Sphinx, language: str) -> None:
    """Every catalog of `language`, read strictly before the build starts."""
    broken = []
    for path in catalogs(app, language):
        shown = path.relative_to(Path(app.srcdir).parent)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            broken.append(f"{shown}: not UTF-8 ({error})")
            continue
        broken += [f"{shown}:{line}: {problem}" for line, problem in po_problems(text)]
    if broken:
        for problem in broken:
            logger.error(problem)
        logger.error(f"The {language} site was not built: a catalog above is malformed. "
                     "Fix it and build again.")
        raise BuildFailed


def glossary_words() -> list[str]:
    """The glossary's Chinese terms (`shared layer : 共享层`)."""
    text = GLOSSARY.read_text(encoding="utf-8")
    words = {w.strip() for _, w in re.findall(r"^(\S[^:\n]*?) : (.+)$", text, re.M)}
    return sorted(w for w in words if re.search(r"[\u4e00-\u9fff]", w))


def on_config_inited(app: Sphinx, config) -> None:
    language = config.language or "en"
    if language != "en":
        check_catalogs(app, language)
    ui_catalog = Path(app.srcdir, "locales", language, "LC_MESSAGES", "sphinx.po")
    if ui_catalog.is_file():
        config.kerasdocs_ui_catalog = hashlib.sha256(ui_catalog.read_bytes()).hexdigest()
    if language == "zh_CN":  # jieba announces every dictionary load on stderr
        import jieba

        jieba.setLogLevel(pylogging.WARNING)
        # The glossary's terms are words for the search index too: jieba alone
        # cuts 符号张量 into 符号 + 张量, and a search for 符号张量 finds no page.
        # (Search mode still indexes the parts.) A changed list re-indexes every page.
        words = glossary_words()
        for word in words:
            jieba.add_word(word)
        config.kerasdocs_search_words = " ".join(words)


# -- code comments --------------------------------------------------------------------


def page_gettext(app: Sphinx, docname: str):
    """The translation function of a page's catalog (the .mo Sphinx compiled
    from its .po when the build started), or None in English."""
    return catalog_gettext(app.srcdir, app.config, docname)


def catalog_gettext(srcdir, config, docname: str):
    import gettext

    from sphinx.util.i18n import docname_to_domain

    language = config.language or "en"
    if language == "en":
        return None
    domain = docname_to_domain(docname, config.gettext_compact)
    for folder in config.locale_dirs:
        compiled = Path(srcdir, folder, language, "LC_MESSAGES", f"{domain}.mo")
        if compiled.is_file():
            with compiled.open("rb") as f:
                return gettext.GNUTranslations(f).gettext
    return None


def example_sources(doctree: nodes.document):
    """The code blocks of a page's example cells (their source, not outputs)."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code" or \
                not cell.get("cell_metadata", {}).get("example"):
            continue
        for part in cell.findall(nodes.container):
            if part.get("nb_element") == "cell_code_source":
                yield cell["cell_metadata"]["example"], from_example(part)


def from_example(source: nodes.container) -> nodes.literal_block:
    blocks = list(source.findall(nodes.literal_block))
    if len(blocks) != 1:
        raise ValueError(f"a cell's source has {len(blocks)} code blocks")
    return blocks[0]


def add_comment_messages(app: Sphinx, docname: str, doctree: nodes.document) -> None:
    """The comments of the page's example code (and of the helpers its
    scripts import, downloaded with it) join its catalog, after its prose;
    then its pictures' alt texts and labels."""
    from sphinx.builders.gettext import MsgOrigin
    from sphinx.util.i18n import docname_to_domain

    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    shown = []
    for origin, block in example_sources(doctree):
        shown.append(EXAMPLES / origin.partition("#")[0])
        for message in code_comments.messages(block.astext()):
            catalog.add(message, MsgOrigin(f"examples/{origin}", block.line or 0))
    helpers = {h for path in shown for h in example_sections.local_imports(path)}
    for helper in sorted(helpers):  # downloaded with the page, not shown in it
        for message in code_comments.messages(helper.read_text(encoding="utf-8")):
            catalog.add(message, MsgOrigin(f"examples/{helper.name}", 0))
    import pictures  # its labels and alt texts (docs/_ext/pictures.py)

    for message in pictures.picture_messages(app, docname, doctree):
        catalog.add(message, MsgOrigin(f"docs/{docname}.md", 0))


def collect_comments_after_prose(app: Sphinx) -> None:
    """The gettext builder writes a page's prose in write_doc; its comments follow."""
    if app.builder.name != "gettext":
        return
    write_doc = app.builder.write_doc

    def write_doc_then_comments(docname: str, doctree: nodes.document) -> None:
        write_doc(docname, doctree)
        add_comment_messages(app, docname, doctree)

    app.builder.write_doc = write_doc_then_comments


def code_comments_in_language(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The page shows its code with translated comments (not in English)."""
    gettext = page_gettext(app, docname)
    if gettext is None:
        return
    for _, block in example_sources(doctree):
        code = block.astext()
        translated = code_comments.translate(code, gettext)
        if translated != code:
            block.children = [nodes.Text(translated)]
            block.rawsource = translated


# -- interface labels written without _() ----------------------------------------------

# furo's page.html and icons (aria-label="..." and <title>...</title> of its SVG
# symbols) and myst-nb's hidden-cell toggle; `nox -s translations` adds them to
# sphinx.po (tools/sitebuild.py).
HARDCODED_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
    "Toggle hidden content",
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
)


# furo's footer credit writes "<a ...>@pradyunsg</a>'s" outside its {% trans %}
POSSESSIVE = "%(author)s's"


def translate_hardcoded_labels(app: Sphinx) -> None:
    """Every page the HTML builder renders (its body included, where myst-nb
    puts its toggle) has these labels in the page's language."""
    if (app.config.language or "en") == "en" or not hasattr(app.builder, "templates"):
        return
    templates = app.builder.templates
    render = templates.render
    pairs = []
    for label in HARDCODED_LABELS:
        own = html.escape(app.translator.gettext(label))
        pairs += [(f'aria-label="{label}"', f'aria-label="{own}"'),
                  (f"<title>{label}</title>", f"<title>{own}</title>")]
    possessive = app.translator.gettext(POSSESSIVE) % {"author": "@pradyunsg</a>"}
    pairs.append(("@pradyunsg</a>'s", html.escape(possessive, quote=False)
                  .replace("@pradyunsg&lt;/a&gt;", "@pradyunsg</a>")))

    def translated(template: str, context: dict) -> str:
        page = render(template, context)
        for english, own in pairs:
            page = page.replace(english, own)
        return page

    templates.render = translated


# -- glossary order ---------------------------------------------------------------------


def pinyin_key(term: str) -> str:
    """The order of a term in a Chinese dictionary: by its pinyin, letter by
    letter, without tones (a Latin word sorts by its letters)."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(term)).lower()


def sort_glossary_by_pinyin(app: Sphinx, doctree: nodes.document) -> None:
    if not (app.config.language or "en").startswith("zh"):
        return
    from sphinx import addnodes

    for glossary in doctree.findall(addnodes.glossary):
        for items in glossary.findall(nodes.definition_list):
            def term_text(item: nodes.definition_list_item) -> str:
                term = next(item.findall(nodes.term))
                return "".join(t.astext() for t in term.findall(nodes.Text)
                               if not isinstance(t.parent, nodes.raw))

            items.children = sorted(items.children, key=lambda i: pinyin_key(term_text(i)))


class SearchChineseFixed(SearchChinese):
    """Sphinx 9.0.x writes ``window.Stemmer = ChineseStemmer``, a class its
    bundled script never defines (it ships the English stemmer for Latin
    words), so every search on a Chinese site fails (sphinx-doc/sphinx#14229).
    The name in that line is built from ``language_name``."""

    language_name = "English"


def setup(app: Sphinx) -> dict:
    app.add_config_value("kerasdocs_ui_catalog", "", "html")
    app.add_config_value("kerasdocs_search_words", "", "html")
    app.connect("config-inited", on_config_inited)
    app.connect("doctree-resolved", code_comments_in_language)
    app.connect("doctree-read", sort_glossary_by_pinyin)
    app.connect("builder-inited", translate_hardcoded_labels)
    app.connect("builder-inited", collect_comments_after_prose)
    if sphinx.version_info[:2] == (9, 0):
        search_languages["zh"] = SearchChineseFixed
    return {"version": "1", "env_version": 2,
            "parallel_read_safe": True, "parallel_write_safe": True}

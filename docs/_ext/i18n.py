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
- Search: Sphinx 9.0's Chinese search script is repaired
  (sphinx-doc/sphinx#14229), and jieba learns the glossary's Chinese terms, so
  that 符号张量 is one searchable word as well as 符号 and 张量.
"""

from __future__ import annotations

import hashlib
import logging as pylogging
import re
from pathlib import Path

import sphinx
from sphinx.application import Sphinx
from sphinx.search import languages as search_languages
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

from execution import BuildFailed

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
    if sphinx.version_info[:2] == (9, 0):
        search_languages["zh"] = SearchChineseFixed
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

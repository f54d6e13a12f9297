"""The Chinese site is complete, current, and uses the glossary's terms."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import (
    DOCS,
    EXAMPLES,
    LOCALES,
    ROOT,
    catalog,
    code_comments,
    example_sections,
    shown_code,
)

sys.path.insert(0, str(ROOT / "tools"))
import sitebuild  # noqa: E402

CATALOGS = sorted(LOCALES.glob("*.po"))


def load(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def entries(path: Path):
    return [m for m in load(path) if m.id]  # the header has an empty id


def test_every_page_has_a_catalog():
    pages = {p.stem for p in DOCS.glob("*.md")}
    assert pages <= {p.stem for p in CATALOGS}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_complete_and_not_fuzzy(path):
    bad = [m.id for m in entries(path) if not m.string or m.fuzzy]
    header = load(path)
    assert not bad, f"{path.name}: untranslated or fuzzy: {bad}"
    assert "#, fuzzy" not in path.read_text(encoding="utf-8"), f"{path.name}: a fuzzy flag"
    assert header.fuzzy is False


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_markup_survives_translation(path):
    """Roles, glue keys and inline code are kept; Chinese text is really there."""
    role = re.compile(r"\{(\w+(?::\w+)?)\}`")
    glue = re.compile(r"\{glue:\w+\}`[^`]+`")
    comments = {m for script in EXAMPLES.glob("*.py")
                for m in code_comments.messages(script.read_text(encoding="utf-8"))}
    for m in entries(path):
        if re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", re.sub(r"`[^`]*`", "", m.id)):
            assert re.search(r"[\u4e00-\u9fff]", m.string), f"not Chinese: {m.string!r}"
        if m.id in comments:  # a code comment: plain text, no Markdown
            continue
        assert sorted(role.findall(m.id)) == sorted(role.findall(m.string)), m.id
        assert sorted(glue.findall(m.id)) == sorted(glue.findall(m.string)), m.id
        assert m.string.count("`") % 2 == 0 and m.string.count("**") % 2 == 0, m.string


def test_catalogs_match_the_english_sources(site, tmp_path):
    """A changed English sentence must not fall back to English silently: the
    messages extracted from today's sources are exactly those translated."""
    sitebuild.extract_messages(tmp_path / "pot", tmp_path / "dt", sitebuild.build_env(site.cache))
    for pot in sorted((tmp_path / "pot").glob("*.pot")):
        wanted = {m.id for m in load(pot) if m.id}
        have = {m.id for m in entries(LOCALES / f"{pot.stem}.po")}
        assert wanted == have, (f"{pot.stem}.po is out of date; run `nox -s translations` and "
                                f"translate: missing {sorted(wanted - have)}, "
                                f"stale {sorted(have - wanted)}")


def glossary_pairs() -> list[tuple[str, str]]:
    """(English term, Chinese term) from the glossary's 'term : 中文' lines."""
    text = (DOCS / "glossary.md").read_text(encoding="utf-8")
    return re.findall(r"^(\S[^:\n]*?) : (.+)$", text, re.M)


def test_glossary_lists_both_languages():
    pairs = glossary_pairs()
    assert len(pairs) >= 20
    for english, chinese in pairs:
        assert english and chinese


@pytest.mark.parametrize("path", [p for p in CATALOGS if p.stem not in ("glossary", "sphinx")],
                         ids=lambda p: p.name)
def test_pages_use_the_glossary_terms(path):
    """Wherever the English uses a glossary term, the Chinese uses its translation."""
    problems = []
    for m in entries(path):
        prose = re.sub(r"`[^`]*`", "", m.id)  # code is not translated
        prose = re.sub(r"\bPlaceholder(?:_\d+)?\b", "", prose)  # an op type in a picture
        prose = re.sub(r"\{term\}<[^>]*>", "", prose)
        for english, chinese in glossary_pairs():
            flags = 0 if english[0].isupper() else re.I
            if english == chinese:
                continue
            if re.search(rf"(?<![\w-]){re.escape(english)}(?:s|es)?(?![\w-])", prose, flags) \
                    and chinese not in m.string:
                problems.append(f"{english} → {chinese}: {m.string[:70]!r}")
    assert not problems, "\n".join(problems)


# -- code comments (docs/_ext/code_comments.py) --------------------------------------------


def test_comment_blocks_are_paragraphs_and_pragmas_stay():
    code = ('# %% first\n'
            'import os  # noqa: F401\n'
            '# A comment that goes on\n'
            '# over two lines.\n'
            'x = "# not a comment"  # the end of a line\n'
            'if x:\n'
            '    # inside a block\n'
            '    y = 1\n')
    assert code_comments.messages(code) == [
        "A comment that goes on over two lines.", "the end of a line", "inside a block"]
    chinese = {"A comment that goes on over two lines.": "一条跨两行的注释。",
               "the end of a line": "行尾", "inside a block": "块内"}
    translated = code_comments.translate(code, lambda t: chinese.get(t, t))
    assert translated == ('# %% first\n'
                          'import os  # noqa: F401\n'
                          '# 一条跨两行的注释。\n'
                          'x = "# not a comment"  # 行尾\n'
                          'if x:\n'
                          '    # 块内\n'
                          '    y = 1\n')


def test_long_chinese_comments_wrap_within_the_english_width():
    code = "# " + " ".join(["word"] * 30) + "\nx = 1\n"
    translated = code_comments.translate(code, lambda t: "一个很长的中文注释，" * 12)
    lines = translated.splitlines()
    assert len(lines) > 2 and lines[-1] == "x = 1"
    assert all(code_comments.width(line) <= code_comments.width(code.splitlines()[0])
               for line in lines)
    assert not any(line.startswith("# ，") for line in lines)  # no line starts with a comma


SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_chinese_comments_leave_the_code_as_it_was(script):
    """The Chinese version of each example (as its page's catalog translates it)
    has the same tokens but comments, compiles, and keeps every line of its
    comment blocks within the width the file allows; every comment is
    translated."""
    code = script.read_text(encoding="utf-8")
    page = Path(example_sections.read_header(script).page).stem \
        if script.name != "layer_graph.py" else "shared-layers"
    translated = shown_code(code, page, "zh_CN")
    assert code_comments.without_comments(translated) == code_comments.without_comments(code)
    compile(translated, script.name, "exec")
    untranslated = [m for m in code_comments.messages(code) if m not in catalog(page)]
    assert not untranslated, f"{page}.po lacks: {untranslated}"
    for block in code_comments.blocks(translated):
        if not block.inline:
            for number in range(block.first, block.last + 1):
                line = translated.splitlines()[number - 1]
                assert code_comments.width(line) <= code_comments.WIDTH, line


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.name)
def test_chinese_follows_the_copywriting_rules(path):
    """autocorrect (the CJK copywriting linter) finds nothing to change in any
    translation: a space between Chinese and Latin text or digits, full-width
    punctuation in Chinese sentences, none around code."""
    import autocorrect_py

    wrong = [f"{m.string!r}\n  -> {fixed!r}" for m in entries(path)
             if (fixed := autocorrect_py.format_for(m.string, "markdown")) != m.string]
    assert not wrong, "\n".join(wrong)

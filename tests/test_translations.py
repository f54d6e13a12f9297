"""The Chinese site is complete, current, and uses the glossary's terms."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from conftest import DOCS, LOCALES, ROOT

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
    for m in entries(path):
        assert sorted(role.findall(m.id)) == sorted(role.findall(m.string)), m.id
        assert sorted(glue.findall(m.id)) == sorted(glue.findall(m.string)), m.id
        assert m.string.count("`") % 2 == 0 and m.string.count("**") % 2 == 0, m.string
        if re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", re.sub(r"`[^`]*`", "", m.id)):
            assert re.search(r"[\u4e00-\u9fff]", m.string), f"not Chinese: {m.string!r}"


def test_catalogs_match_the_english_sources(site, tmp_path):
    """A changed English sentence must not fall back to English silently: the
    messages extracted from today's sources are exactly those translated."""
    sitebuild.extract_messages(tmp_path / "pot", tmp_path / "dt", sitebuild.build_env(site.cache))
    for pot in sorted((tmp_path / "pot").glob("*.pot")):
        wanted = {m.id for m in load(pot) if m.id}
        have = {m.id for m in entries(LOCALES / f"{pot.stem}.po")}
        assert wanted == have, (f"{pot.stem}.po is out of date; run `nox -s translations` and "
                                f"translate: missing {sorted(wanted - have)}, stale {sorted(have - wanted)}")


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
        prose = re.sub(r"\{term\}<[^>]*>", "", prose)
        for english, chinese in glossary_pairs():
            flags = 0 if english[0].isupper() else re.I
            if english == chinese:
                continue
            if re.search(rf"(?<![\w-]){re.escape(english)}(?:s|es)?(?![\w-])", prose, flags) \
                    and chinese not in m.string:
                problems.append(f"{english} → {chinese}: {m.string[:70]!r}")
    assert not problems, "\n".join(problems)

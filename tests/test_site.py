"""The built site, both languages, as a reader gets it."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from html.parser import HTMLParser

import pytest

from conftest import (
    DOCS,
    EXAMPLES,
    LANGUAGES,
    ROOT,
    catalog,
    code_comments,
    executed_docs,
    kerasdocs,
    page_backends,
    shown_code,
)

PAGES = sorted(p.stem for p in DOCS.glob("*.md"))
OTHER = {"en": "zh_CN", "zh_CN": "en"}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        self.found.append({"tag": tag, **dict(attrs)})


def tags(html: str) -> list[dict]:
    parser = Links()
    parser.feed(html)
    return parser.found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- execution: once, in English ------------------------------------------------------


def test_english_build_executes_each_page_once_per_backend(site):
    """One kernel per page and backend its examples declare, no more."""
    copies = sum(len(page_backends(page)) for page in executed_docs())
    assert copies > len(executed_docs()) >= 1
    assert site.kernel_starts["en"] == copies


def test_chinese_build_executes_nothing(site):
    assert site.kernel_starts["zh_CN"] == 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", executed_docs())
def test_code_cells_show_comments_in_the_pages_language(site, language, page):
    """Each code cell shows the code that ran, with its comments in the page's
    language (the Chinese build executed nothing: its comments are translated
    in what is displayed)."""
    html = site.html(language, page)
    shown = [plain(re.sub(r"<[^>]+>", "", pre)) for pre in re.findall(
        r'<div class="cell_input[^"]*"[^>]*>.*?<pre>(.*?)</pre>', html, re.S)]
    ran = [c.source for c in site.executed(page).cells
           if c.cell_type == "code" and c.metadata.get("example")]
    assert len(shown) == len(ran)
    for displayed, source in zip(shown, ran, strict=True):
        assert displayed.strip("\n") == shown_code(source, page, language)
        assert code_comments.without_comments(displayed) == code_comments.without_comments(source)
    comments = [b.text for source in ran for b in code_comments.blocks(source)]
    if language != "en" and comments:
        chinese = [b.text for d in shown for b in code_comments.blocks(d)
                   if re.search(r"[\u4e00-\u9fff]", b.text)]
        assert len(chinese) >= len(comments) * 0.9, "comments left in English"


def test_cache_is_outside_docs(site):
    assert not (DOCS / ".jupyter_cache").exists()
    assert site.cache.is_dir() and DOCS not in site.cache.parents


def test_bytecode_is_kept_outside_the_sources(site):
    """nox sessions keep bytecode in their own folder (PYTHONPYCACHEPREFIX);
    the build runs processes in docs/ and examples/, which a relative prefix
    would fill with a copy of every compiled module (and `nox -s serve`
    watches them)."""
    prefix = os.environ.get("PYTHONPYCACHEPREFIX")
    assert prefix is None or os.path.isabs(prefix), prefix
    for folder in (DOCS, ROOT / "examples"):
        assert not list(folder.rglob(".nox")), folder


# -- outputs are clean -------------------------------------------------------------


def all_output_text(site) -> str:
    chunks = []
    for page in executed_docs():
        for cell in (c for b in page_backends(page) for c in site.executed(page, b).cells):
            for out in cell.get("outputs", []):
                # a picture's base64 data can spell "0x1234ab" by chance: leave it out
                data = {k: v for k, v in out.get("data", {}).items() if not k.startswith("image/")}
                chunks.append(json.dumps({**out, "data": data}, ensure_ascii=False))
    return "\n".join(chunks)


@pytest.mark.parametrize("pattern", [
    r"oneDNN", r"cuda", r"absl::", r"cpu_feature_guard", r"I0000 ",  # TensorFlow start-up
    r"0x[0-9a-fA-F]{6,}",  # memory addresses
    r"site-packages/(?!.*<)", r"/tmp/", r"/root/", r"/home/",  # machine paths
])
def test_outputs_carry_no_noise(site, pattern):
    text = all_output_text(site)
    for forbidden in (re.escape(str(ROOT)), pattern):
        assert not re.search(forbidden, text), forbidden


def test_only_cells_declared_as_raising_show_errors_on_each_backend(site):
    """A cell shows an error on a backend exactly where its example's section
    declares one for that backend, and it is the declared error."""
    for page in executed_docs():
        for backend in page_backends(page):
            for cell in site.executed(page, backend).cells:
                errors = [o.ename for o in cell.outputs if o.output_type == "error"]
                origin = cell.metadata.get("example")
                expected = None
                if origin:
                    file_name, _, name = origin.partition("#")
                    section = {s.name: s for s in kerasdocs.read_sections(EXAMPLES / file_name)}
                    expected = section[name].raises_on(backend)
                assert errors == ([expected] if expected else []), (page, backend, origin)


def test_no_stderr_in_outputs(site):
    for page in executed_docs():
        for backend in page_backends(page):
            for cell in site.executed(page, backend).cells:
                for out in cell.get("outputs", []):
                    assert not (out.output_type == "stream" and out.name == "stderr"), out.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_cell_shows_where_it_ran(site, language):
    """Outputs alike on every backend: one output and the backends' names.
    Outputs that differ: a tab per backend, synced across the page."""
    for page in executed_docs():
        html = site.html(language, page)
        cells = site.cells(page)
        same = [c for c in cells.values() if c["same"]]
        differ = [c for c in cells.values() if not c["same"]]
        assert html.count('class="kerasdocs-ran-on"') <= len(same)
        assert html.count('class="kerasdocs-ran-on"') >= 1
        tab_sets = html.count("kerasdocs-backend-tabs")
        assert tab_sets == len(differ), page
        for backend, name in (("tensorflow", "TensorFlow"), ("jax", "JAX"), ("torch", "PyTorch")):
            expected = sum(backend in c["backends"] for c in differ)
            assert len(re.findall(rf'data-sync-group="keras-backend"[^>]*>{name}<|'
                                  rf'data-sync-id="{backend}"', html)) >= expected, (page, name)
        if any(len(c["backends"]) == 3 for c in same):
            assert "TensorFlow · JAX · PyTorch" in text_of(html)


class Prose(HTMLParser):
    """The article's text outside code cells (what the page says in words)."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # > 0 inside a code cell (a div with class "cell")
        self.in_article = False
        self.words: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article = True
        if tag == "div" and (self.depth or "cell" in (dict(attrs).get("class") or "").split()):
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1
        if tag == "article":
            self.in_article = False

    def handle_data(self, data):
        if self.in_article and not self.depth:
            self.words.append(data)


FOLDED = re.compile(
    r'<div class="[^"]*traceback-short[^"]*"[^>]*>(.*?)</div>\s*</div>\s*'
    r'<details class="kerasdocs-traceback"><summary>(.*?)</summary>\s*'
    r'<div class="[^"]*traceback-full[^"]*"[^>]*>(.*?)</div>\s*</div>\s*</details>', re.S)


def plain(html_text: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", "", html_text)).strip("\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_long_tracebacks_show_the_readers_frames_and_fold_the_rest(site, language):
    """A long traceback shows its header, the frames in the reader's code and
    the exception; the full one, as printed, is folded beneath. Every shown
    line is the traceback's own; the exception shown is the one it ends with;
    no library frame is left unfolded; and every exception the page's prose
    names is one that a cell of the page shows."""
    folded_somewhere = False
    for page in executed_docs():
        html = site.html(language, page)
        blocks = FOLDED.findall(html)
        assert len(blocks) == html.count('class="kerasdocs-traceback"'), page
        folded_somewhere |= bool(blocks)
        for short, summary, full in blocks:
            short, full = plain(short), plain(full)
            name = short.split()[0]
            exception = short[short.rindex(f"\n{name}:") + 1:]
            assert full.endswith(exception), (page, exception)
            assert all(line in full.splitlines() for line in short.splitlines()), page
            assert "<site-packages>" not in short and "<site-packages>" in full, page
            lines = re.search(r"\d+", summary)
            assert lines and int(lines.group()) == full.count("\n") + 1, (page, summary)
        shown = " ".join(plain(b) for b in re.findall(
            r'<div class="[^"]*\b(?:traceback|output)\b[^"]*"[^>]*>(.*?)</div>', html, re.S))
        raised = set(re.findall(r"^(\w+(?:Error|Exception))\b", shown, re.M))
        prose = Prose()
        prose.feed(html)
        named = set(re.findall(r"\b([A-Z]\w*(?:Error|Exception))\b", " ".join(prose.words)))
        assert named <= raised, f"{page} names {sorted(named - raised)} but shows no such error"
    assert folded_somewhere


# -- every page, both languages --------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_language_switch_leads_to_the_same_page(site, language, page):
    html = site.html(language, page)
    links = [t for t in tags(html) if t["tag"] == "a" and "language-other" in t.get("class", "")]
    assert len(links) == 1
    href = links[0]["href"]
    if page == "404":  # served at any depth, so absolute: /<lang>/404.html
        assert href == f"/{OTHER[language]}/404.html"
        target = (site.out / href.lstrip("/")).resolve()
    else:
        target = (site.out / language / href).resolve()
    assert target == (site.out / OTHER[language] / f"{page}.html").resolve()
    assert target.is_file()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_versions_it_ran_with(site, language, page):
    text = text_of(site.html(language, page))
    for dist, label in (("tensorflow", "TensorFlow"), ("keras", "Keras"), ("tf-keras", "tf-keras"),
                        ("jax", "JAX"), ("torch", "PyTorch")):
        assert f"{label} {importlib.metadata.version(dist)}" in text


def test_versions_come_from_the_run(site):
    for page in executed_docs():
        glued = site.glue("en", page)
        assert json.loads(glued["tensorflow_version"]["data"]["text/plain"].replace("'", '"')) \
            == importlib.metadata.version("tensorflow")


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_and_interface_language(site, language):
    html = site.html(language, "search")
    assert re.search(rf'<html [^>]*lang="{language.replace("_", "-")}"', html)
    if language == "zh_CN":
        assert "搜索" in html and "Search" not in text_of(html).replace("searchindex", "")


@pytest.mark.parametrize("page", PAGES)
def test_chinese_interface_has_no_english_labels(site, page):
    html = site.html("zh_CN", page)
    text = text_of(re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    for label in ("Next", "Previous", "Back to top", "Made with", "On this page",
                  "Skip to content", "Copyright", "Show code", "executed with"):
        assert label not in text, label


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_links_each_question_and_each_keras2_api_to_its_cell(site, language):
    html = site.html(language, "index")
    for page in executed_docs():
        assert f'href="{page}.html' in html, page
    table = html[html.index("<table"):html.index("</table>")]
    rows = table.split("<tr")[2:]  # after the header row
    assert len(rows) >= 10
    for row in rows:
        targets = re.findall(r'href="([\w-]+\.html)#(example-[\w-]+)"', row)
        assert targets, row[:200]
        for file_name, anchor in targets:
            assert f'id="{anchor}"' in (site.out / language / file_name).read_text(encoding="utf-8")
    text = text_of(html)
    assert f"TensorFlow {importlib.metadata.version('tensorflow')}" in text


def keras2_tables(html: str) -> list[str]:
    """The Keras 2 -> Keras 3 tables of a page: those whose first heading
    names Keras 2."""
    tables = re.findall(r"<table.*?</table>", html, re.S)
    return [t for t in tables
            if plain(t.split("<th", 1)[1].partition(">")[2]).startswith("Keras 2")]


@pytest.mark.parametrize("page", PAGES)
def test_each_keras3_form_in_a_keras2_table_ran(site, page):
    """Every row of every Keras 2 -> Keras 3 table (the home page's and the
    topics') links cells that ran at build time, and each Keras 3 API the row
    names (`keras.…`) is called in a linked cell that runs Keras 3 (not
    tf_keras), so a table says nothing the build did not run."""
    sections = {}  # label -> code
    for path in EXAMPLES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "\n# %% " not in text:
            continue  # a helper module (layer_graph.py), not a page's cells
        for section in kerasdocs.read_sections(path):
            label = f"example-{path.stem}-{section.name}".replace("_", "-").lower()
            sections[label] = section.code
    html = site.html("en", page)
    tables = keras2_tables(html)
    if page in ("index", "shared-layers", "symbolic-tensors", "model-vs-layer"):
        assert tables, f"{page} has lost its Keras 2 -> Keras 3 table"
    for table in tables:
        rows = table.split("<tr")[2:]  # after the heading row
        assert rows
        for row in rows:
            columns = row.split("<td")[1:]
            assert len(columns) == 3, row[:200]
            keras3 = set(re.findall(r"(keras\.[A-Za-z_][\w.]*[\w])", plain(columns[1])))
            links = re.findall(r'href="(?:([\w-]+\.html))?#(example-[\w-]+)"', columns[2])
            assert links, f"{page}: a row links no cell: {plain(columns[0])}"
            for file_name, anchor in links:
                target = site.out / "en" / (file_name or f"{page}.html")
                assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), anchor
            code = "\n".join(sections[anchor] for _, anchor in links)
            for api in keras3:  # called as keras.…, not tf_keras.… or tf.keras.…
                assert re.search(rf"(?<![\w.]){re.escape(api)}\b", code), \
                    f"{page}: {api} is in a table, but no linked Keras 3 cell calls it: " \
                    f"{plain(columns[0])}"


def test_root_index_offers_both_languages(site):
    links = {t["href"] for t in tags((site.out / "index.html").read_text()) if t["tag"] == "a"}
    assert links == {"en/index.html", "zh_CN/index.html"}


def test_chinese_words_are_in_the_search_index(site):
    script = (site.out / "zh_CN" / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))
    for word in ("共享", "权重", "节点"):  # segmented by jieba
        assert word in index["terms"], word


def test_sphinx_zh_search_script_defines_its_stemmer(site):
    script = (site.out / "zh_CN" / "_static" / "language_data.js").read_text(encoding="utf-8")
    assigned = re.search(r"window\.Stemmer = (\w+);", script)
    assert assigned, "no stemmer assigned"
    assert re.search(rf"\b{assigned[1]}\s*=\s*function|class {assigned[1]}\b", script), assigned[1]


# -- the shared-layers page --------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_cell_has_an_anchor(site, language):
    """Other pages link to the cell that demonstrates a claim."""
    for page in executed_docs():
        html = site.html(language, page)
        text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
        for ref in re.findall(r"^:example: (\S+)$", text, re.M):
            file_name, _, section = ref.partition("#")
            label = f"example-{file_name[:-3]}-{section}".replace("_", "-").lower()
            assert f'id="{label}"' in html, label


@pytest.mark.parametrize("language", LANGUAGES)
def test_glued_numbers_appear_in_the_prose(site, language):
    text = text_of(site.html(language, "shared-layers"))
    assert "20,608" in text and "41,216" in text
    assert re.search(r"\b0\.0\d{3}\b", text), "the kernel's largest change (printed, per backend)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_has_the_picture_and_folded_answers(site, language):
    html = site.html(language, "shared-layers")
    images = [t for t in tags(html) if t["tag"] == "img" and "_images/" in t.get("src", "")]
    assert len(images) == 1
    assert (site.out / language / images[0]["src"]).is_file()
    assert html.count("<details") >= 6  # 3 answers + 3 folded code cells
    assert html.count("hide-input") + html.count("tag_hide-cell") >= 3


def test_no_cdn(site):
    for language in LANGUAGES:
        for path in (site.out / language).glob("*.html"):
            for t in tags(path.read_text(encoding="utf-8")):
                for attr in ("src", "href"):
                    url = t.get(attr, "")
                    if t["tag"] in ("script", "link", "img") and \
                            url.startswith(("http:", "https:", "//")):
                        pytest.fail(f"{path.name} loads {url}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_is_in_dictionary_order(site, language):
    """English terms alphabetically; Chinese terms by pinyin, as a Chinese
    dictionary orders them (not by code point, which Sphinx uses)."""
    from pypinyin import lazy_pinyin

    html = site.html(language, "glossary")
    terms = [plain(t) for t in re.findall(
        r'<dt id="term-[^"]*">(.*?)(?:<span class="term-other|<a class="headerlink")', html, re.S)]
    assert len(terms) >= 20
    if language == "en":
        key = str.lower
    else:
        assert all(re.search(r"[\u4e00-\u9fff]", t) or t.isascii() for t in terms)
        key = lambda term: " ".join(lazy_pinyin(term)).lower()  # noqa: E731
    assert terms == sorted(terms, key=key), terms


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", executed_docs())
def test_pictures_speak_the_pages_language(site, language, page):
    """Every picture is the SVG its run drew, its labels text (sharp, and
    translatable without running again): the English page shows it as drawn;
    the Chinese page shows every label the catalog translates in Chinese, with
    CJK fonts in its font list, and nothing else changed. Every image has alt
    text in the page's language that says what it shows, not a file name."""
    import html as htmllib

    import pictures

    page_html = site.html(language, page)
    drawn = [o.data["image/svg+xml"] for backend in page_backends(page)
             for c in site.executed(page, backend).cells for o in c.get("outputs", [])
             if "image/svg+xml" in o.get("data", {})]
    table = catalog(page) if language != "en" else {}
    expected = {pictures.translate_svg(svg, lambda t: table.get(t, t)) if table else svg
                for svg in drawn}
    images = re.findall(r"<img\b[^>]*>", page_html)
    assert bool(images) == bool(drawn), "a page shows a picture exactly when its run drew one"
    for tag in images:
        alt = htmllib.unescape(re.search(r'\balt="([^"]*)"', tag)[1])
        assert not re.search(r"\.(svg|png)\b|[0-9a-f]{16}", alt), alt
        if language == "en":
            assert len(alt.split()) >= 8, alt  # a sentence, not a caption
        else:
            assert len(re.findall(r"[\u4e00-\u9fff]", alt)) >= 20, alt
        source = re.search(r'\bsrc="([^"]+)"', tag)[1]
        assert source.endswith(".svg"), source
        shown = (site.out / language / source).read_text(encoding="utf-8")
        assert "\n".join(shown.splitlines()) in {"\n".join(e.splitlines()) for e in expected}
        labels = pictures.labels(shown)
        if language != "en":
            assert any(re.search(r"[\u4e00-\u9fff]", label) for label in labels), labels
            english = [label for label in labels if not re.search(r"[\u4e00-\u9fff]", label)
                       and table.get(label) != label]
            assert not english, f"labels left in English: {english}"
            assert "Noto Sans CJK SC" in shown

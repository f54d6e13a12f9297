"""What a reader does in a real browser: switch language, copy code, search,
download, load pages offline, with a keyboard or a screen reader, in light and
dark. Playwright drives Debian's chromium (it cannot download its own)."""

from __future__ import annotations

import gzip
import importlib.metadata
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

import nbformat
import pytest

import kerasdocs
from conftest import (
    DOCS,
    EXAMPLES,
    LANGUAGES,
    code_comments,
    executed_docs,
    normalise,
    shown_code,
    shown_text,
)

pytestmark = pytest.mark.browser
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail("The browser tests need Debian's Chromium: `apt-get install chromium` "
                    "(.ci/run does this), or set CHROMIUM=/path/to/chromium.")
    return path


@pytest.fixture(scope="session")
def server(site):
    """The built site on a local port, served by a separate process."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                             "127.0.0.1", "--directory", str(site.out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A page that records console errors and every request leaving the server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"],
                                  accept_downloads=True)
    page = context.new_page()
    page.errors, page.foreign = [], []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    host = urlparse(server).netloc

    def route(r):
        if urlparse(r.request.url).netloc != host and not r.request.url.startswith("data:"):
            page.foreign.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    yield page
    context.close()


PAGES = sorted(p.stem for p in DOCS.glob("*.md"))  # with 404: it is a page too
TOPICS = executed_docs()
# Sphinx's own pages, in each language
GENERATED = ["search", "genindex"]
THEMES = ("light", "dark")


def shots_folder(site) -> Path:
    """Screenshots go next to the session's build output, never into the repository."""
    folder = site.out.parent / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


# -- 1. language switch ------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES + GENERATED)
def test_language_switch_round_trip(page, server, language, name):
    other = {"en": "zh_CN", "zh_CN": "en"}[language]
    page.goto(f"{server}/{language}/{name}.html")
    page.click("nav.language-switch a.language-other")
    assert page.url == f"{server}/{other}/{name}.html"
    assert page.locator("html").get_attribute("lang") == other.replace("_", "-")
    page.click("nav.language-switch a.language-other")
    assert page.url == f"{server}/{language}/{name}.html"
    assert page.locator("html").get_attribute("lang") == language.replace("_", "-")
    assert not page.errors, page.errors


# -- 2. copy buttons -------------------------------------------------------------------------


def sections_by_label() -> dict[str, kerasdocs.Section]:
    """Every example section, by the id its cell has on the page."""
    found = {}
    for path in EXAMPLES.glob("*.py"):
        try:
            sections = kerasdocs.read_sections(path)
        except Exception:  # noqa: BLE001  (a helper module, not an example)
            continue
        for s in sections:
            found[f"example-{path.stem}-{s.name}".replace("_", "-").lower()] = s
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TOPICS)
def test_copy_buttons_copy_the_pages_code(page, server, site, language, name):
    """Click every copy button on the page and read the clipboard: each cell
    copies exactly its example section (no prompt, no output), with the
    comments in the page's language and the same code. The copied cells are,
    one by one, the code cells of the page's notebook: the English ones are
    what the build ran, and test_downloads_notebook_and_scripts executes the
    Chinese notebook top to bottom, checking that it prints what the page
    shows and raises only where the page does."""
    page.goto(f"{server}/{language}/{name}.html")
    # folded cells ("Try it" answers) are still code cells: open them first
    page.eval_on_selector_all("article details", "els => els.forEach(e => e.open = true)")
    cells = page.locator("article div.cell")
    assert cells.count() >= 3
    labels = sections_by_label()
    copied = []
    for i in range(cells.count()):
        cell = cells.nth(i)
        label = cell.get_attribute("id")
        buttons = cell.locator("div.cell_input button.copybtn")
        assert buttons.count() == 1, f"cell {label}: {buttons.count()} copy buttons"
        page.evaluate("navigator.clipboard.writeText('')")
        cell.locator("div.cell_input").hover()
        buttons.click()
        page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''",
                               timeout=5000)
        text = page.evaluate("navigator.clipboard.readText()")
        assert label in labels, f"cell {i} ({label}) is not an example section"
        section = labels[label]
        assert text.strip("\n") == shown_code(section.code, name, language), \
            f"{label}: copied text is not its code"
        assert code_comments.without_comments(text) == \
            code_comments.without_comments(section.code)
        # the raising sections are the cells the page marks as raising
        assert ("tag_raises-exception" in cell.get_attribute("class")) == bool(section.raises)
        copied.append({"label": label, "code": text, "raises": bool(section.raises)})
    assert not page.errors, page.errors
    notebook = nbformat.read(site.out / language / "_downloads" / "kerasdocs" / f"{name}.ipynb",
                             as_version=4)
    assert [c["code"].strip("\n") for c in copied] == \
        [c.source for c in notebook.cells if c.cell_type == "code"]
    assert [c["raises"] for c in copied] == \
        ["raises-exception" in c.metadata.get("tags", []) for c in notebook.cells
         if c.cell_type == "code"]


# -- 3. search ------------------------------------------------------------------------------


def search(page, server, language, query) -> list[str]:
    """The result links of the site's own search page, best first."""
    page.goto(f"{server}/{language}/search.html?q={quote(query)}")
    page.wait_for_selector("#search-results ul.search li a", timeout=15000)
    return page.eval_on_selector_all("#search-results ul.search li a",
                                     "els => els.map(e => e.getAttribute('href'))")


# The page that answers each query: the topic page that explains the idea, not
# the glossary entry or the home page that merely name it (docs/_ext/search_scorer.js).
SEARCHES = [
    ("zh_CN", "共享", "shared-layers"),
    ("zh_CN", "嵌入", "embedding-vs-input"),
    ("zh_CN", "权重", "shared-layers"),  # one set of weights, shared by every call
    ("zh_CN", "符号张量", "symbolic-tensors"),
    ("zh_CN", "Embedding", "embedding-vs-input"),
    ("zh_CN", "LSTM", "shared-layers"),  # the only page whose code uses an LSTM
    ("en", "shared", "shared-layers"),
    ("en", "embedding", "embedding-vs-input"),
    ("en", "weights", "shared-layers"),
    ("en", "symbolic tensor", "symbolic-tensors"),
    ("en", "Embedding", "embedding-vs-input"),
    ("en", "LSTM", "shared-layers"),
]


@pytest.mark.parametrize(("language", "query", "expected"), SEARCHES)
def test_search_puts_the_right_page_first(page, server, language, query, expected):
    hits = [h.split("#")[0] for h in search(page, server, language, query)]
    assert hits[0] == f"{expected}.html", hits
    assert not page.errors, page.errors


# -- 4. offline, no console error ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES + GENERATED)
def test_pages_load_offline_without_errors(page, server, site, language, name):
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.goto(f"{server}/{language}/{name}.html", wait_until="networkidle")
    assert not page.foreign, page.foreign
    assert not page.errors, page.errors
    assert not failed, failed
    # no MathJax, no widget loader: not even a local copy is needed
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert not [s for s in scripts if re.search(r"mathjax|require\.js|jupyter-widgets", s, re.I)]


# -- 5. accessibility, 7. screenshots -------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES + GENERATED)
def test_no_serious_accessibility_violation(browser, server, site, theme, language, name):
    """axe-core (bundled by axe-playwright-python, injected from disk) over the
    whole page, in furo's light and dark theme; no rule is disabled. The
    screenshot of each page in each theme goes to <build>/screenshots/."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=theme)
    context.add_init_script(f"localStorage.setItem('theme', '{theme}')")  # furo's switch
    try:
        page = context.new_page()
        page.goto(f"{server}/{language}/{name}.html", wait_until="networkidle")
        assert page.locator("body").get_attribute("data-theme") == theme
        results = Axe().run(page)
        serious = [f"{v['id']} ({v['impact']}): {v['help']} at "
                   f"{[n['target'] for n in v['nodes'][:5]]}"
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
        page.screenshot(path=str(shots_folder(site) / f"{language}-{name}-{theme}.png"),
                        full_page=True)
        assert not serious, "\n".join(serious)
    finally:
        context.close()


# -- 6. downloads ------------------------------------------------------------------------------

MYST = re.compile(r"\{(?:term|ref|doc|numref|glue:\w+|sup|sub)\}`"  # roles
                  r"|^:::|^```\{|\{code-cell\}"  # directives
                  r"|^\([\w-]+\)=$", re.M)  # labels


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", TOPICS)
def test_downloads_notebook_and_scripts(page, server, site, tmp_path, monkeypatch, language,
                                        name):
    """The page offers a notebook and every example script it shows (and the
    helpers they import), in its language. The notebook is plain Jupyter:
    Markdown without MyST syntax, a note with the versions instead of the
    build's set-up cell, then the page's code cells with the comments in its
    language and the build's outputs. The Chinese notebook, executed top to
    bottom by nbclient, prints what the page shows (the English one has the
    same code but comments). Each script is the example that
    tests/test_examples.py runs on every backend it declares, with the
    comments in the page's language."""
    url = f"{server}/{language}/{name}.html"
    page.goto(url)
    links = page.locator("aside.downloads a.download")
    kinds = [links.nth(i).get_attribute("class") for i in range(links.count())]
    assert sum("download-notebook" in k for k in kinds) == 1, kinds
    saved: dict[str, Path] = {}
    for i in range(len(kinds)):
        # one tab per file: Chromium holds back a tab's downloads after the first few
        tab = page.context.new_page()
        tab.goto(url)
        tab.eval_on_selector_all("aside.downloads details",
                                 "els => els.forEach(e => e.open = true)")
        with tab.expect_download() as info:
            tab.locator("aside.downloads a.download").nth(i).click()
        download = info.value
        assert download.failure() is None
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        saved[target.name] = target
        tab.close()

    notebook = nbformat.read(saved.pop(f"{name}.ipynb"), as_version=4)
    nbformat.validate(notebook)
    shown = [c for c in site.executed(name).cells
             if c.cell_type == "code" and c.metadata.get("example")]
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [shown_code(c.source, name, language) for c in shown]
    assert [c.outputs for c in code] == [c.outputs for c in shown]
    assert sum(map(len, (c.outputs for c in code))) >= len(code) // 2  # the outputs are there
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    keras = f"Keras {importlib.metadata.version('keras')}"
    comma = {"en": ", ", "zh_CN": "、"}[language]  # the versions listed in the language's way
    assert f"{keras}{comma}" in markdown[0] or f"{comma}{keras}" in markdown[0], markdown[0]
    assert markdown[1].startswith("# ")  # the page's title
    assert not [m for m in markdown if MYST.search(m)], [m for m in markdown if MYST.search(m)]
    from markdown_it import MarkdownIt  # CommonMark, as Jupyter renders Markdown

    render = MarkdownIt("commonmark").enable("table").render
    for text in markdown:  # every emphasis closes where it should: none left as * or nested
        rendered = re.sub(r"<code>.*?</code>", "", render(text), flags=re.S)
        assert not re.search(r"\*\*|(?<![\w\\])\*(?!\s)", rendered), text
        assert not re.search(r"<(strong|em)>(?:(?!</\1>).)*<\1>", rendered, re.S), text
    if language == "zh_CN":
        assert all(re.search(r"[\u4e00-\u9fff]", m) for m in markdown)
        monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
        monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
        ran = run_notebook(notebook, tmp_path)  # beside the downloaded scripts, as the note says
        for cell, page_cell in zip((c for c in ran.cells if c.cell_type == "code"), shown,
                                   strict=True):
            assert normalise(shown_text(cell)) == normalise(shown_text(page_cell)), cell.source
            errors = [o.ename for o in cell.outputs if o.output_type == "error"]
            expected = [o.ename for o in page_cell.outputs if o.output_type == "error"]
            assert errors == expected, cell.source

    examples = {re.sub(r"#.*", "", o) for o in re.findall(
        r"^:example: (\S+)$", (DOCS / f"{name}.md").read_text(encoding="utf-8"), re.M)}
    assert examples <= set(saved), f"not offered: {examples - set(saved)}"
    for file_name, path in saved.items():  # the example itself, its comments translated
        example = (EXAMPLES / file_name).read_text(encoding="utf-8")
        assert path.read_text(encoding="utf-8") == shown_code(example, name, language), file_name
        if language != "en" and code_comments.messages(example):
            assert path.read_text(encoding="utf-8") != example, f"{file_name}: not translated"


def run_notebook(notebook, folder: Path):
    """Execute a notebook top to bottom as Jupyter would (nbclient, a new
    python3 kernel in its folder; a cell tagged raises-exception may raise,
    any other error fails). The kernel is forked from the session's
    preloaded TensorFlow process (conftest's `zygotes`), as the build's are:
    the same program, without paying TensorFlow's import again."""
    from nbclient import NotebookClient

    from execution.kernels import Kernels

    copy = nbformat.reads(nbformat.writes(notebook), as_version=4)
    kernels = Kernels()
    try:
        NotebookClient(copy, timeout=600, kernel_name="python3",
                       kernel_manager_class=kernels.manager_class("tensorflow"),
                       resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        kernels.close()
    return copy


# -- 7b. the interface speaks the page's language -------------------------------------------

# Names that are the same in every language (and the other language's own
# name, which the language switch marks with its lang attribute).
NAMES = re.compile(r"^(?:Keras(?: \d)?|TensorFlow|JAX|PyTorch|NumPy|Python|Sphinx|Furo|"
                   r"@pradyunsg|LSTM|[\d.,:()·\s–-]+)$")
LATIN_ONLY = """() => {
  const latinOnly = s => /[A-Za-z]/.test(s) && !/[\\u4e00-\\u9fff]/.test(s);
  const found = [];
  for (const el of document.querySelectorAll("[title], [aria-label]")) {
    for (const name of ["title", "aria-label"]) {
      const value = (el.getAttribute(name) || "").trim();
      if (value && latinOnly(value) && !el.closest("code, pre, [lang]:not(html)"))
        found.push(`<${el.tagName.toLowerCase()} ${name}="${value}">`);
    }
  }
  // visible text of the interface: outside the article, outside code
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    if (!text || !parent || parent.closest("article, code, pre, script, style, [lang]:not(html)"))
      continue;
    if (parent.getClientRects().length === 0) continue;  // not rendered
    if (latinOnly(text)) found.push(`text "${text}" in <${parent.tagName.toLowerCase()}>`);
  }
  return found;
}"""


@pytest.mark.parametrize("name", ["index", "shared-layers", "glossary", "search", "genindex"])
def test_chinese_interface_has_no_latin_only_label_or_text(page, server, name):
    """On the Chinese site, no title, aria-label or visible interface text
    (outside the article and code) is Latin-only, except names that are the
    same in every language; a screen reader speaks Chinese throughout."""
    page.goto(f"{server}/zh_CN/{name}.html", wait_until="networkidle")
    found = [f for f in page.evaluate(LATIN_ONLY)
             if not NAMES.match(re.sub(r'^text "(.*)" in <\w+>$|^<\w+ [\w-]+="(.*)">$',
                                       lambda m: m[1] or m[2] or "", f))]
    assert not found, "\n".join(found)


# -- 8. 404 page, description, favicon ------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_404_page_works_at_any_depth(page, server, site, language):
    """The server answers a missing address with the 404 page's content, at
    that address (Read the Docs does; `http.server` does not, so a route plays
    the server). Its styles, scripts and links must still work from there."""
    body = (site.out / language / "404.html").read_bytes()
    missing = f"{server}/{language}/no/such/folder/page.html"
    page.route(missing, lambda r: r.fulfill(status=404, body=body,
                                            content_type="text/html; charset=utf-8"))
    loaded, failed, console = [], [], []
    page.on("requestfinished", lambda r: loaded.append(r.url))
    # Chromium logs the 404 of the page itself; any other console error counts
    page.on("console", lambda m: m.type == "error" and m.location.get("url") != missing
            and console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("response", lambda r: r.status >= 400 and r.url != missing and failed.append(r.url))
    page.goto(missing, wait_until="networkidle")
    assert not failed and not console and not page.foreign, (failed, console)
    assert any(u.endswith(".css") or ".css?" in u for u in loaded)
    # furo's stylesheet is applied: the sidebar is laid out beside the article
    drawer = "getComputedStyle(document.querySelector('.sidebar-drawer')).display"
    assert page.evaluate(drawer) != "none"
    heading = page.locator("article h1").inner_text()
    assert heading == {"en": "Page not found", "zh_CN": "页面不存在"}[language]
    for link in ("nav.language-switch a.language-other", "a.sidebar-brand"):
        href = page.locator(link).first.get_attribute("href")
        assert href.startswith("/"), (link, href)  # absolute: right from any depth
    page.click("nav.language-switch a.language-other")
    other = {"en": "zh_CN", "zh_CN": "en"}[language]
    assert page.url == f"{server}/{other}/404.html"
    assert not console


@pytest.mark.parametrize("language", LANGUAGES)
def test_favicon_is_served(page, server, language):
    page.goto(f"{server}/{language}/index.html")
    href = page.eval_on_selector("link[rel~='icon']", "e => e.href")
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"].startswith("image/svg")
    assert b"<svg" in response.body()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES + GENERATED)
def test_link_preview_description(page, server, language, name):
    page.goto(f"{server}/{language}/{name}.html")
    description = page.eval_on_selector("meta[name='description']", "e => e.content")
    og = page.eval_on_selector("meta[property='og:description']", "e => e.content")
    assert description == og and 20 <= len(description) <= 200, description
    chinese = re.findall(r"[\u4e00-\u9fff]", description)
    if language == "zh_CN":
        assert len(chinese) >= 10, description
        # no space around inline markup's text where Chinese puts none
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]|\s[，。、；：？！）]",
                             description), description
    else:
        assert not chinese, description
    if name in PAGES:  # a page's own words: its first paragraph, in its language
        first = page.locator("article p").first.inner_text()
        assert description.rstrip("…. ")[:30] in " ".join(first.split()), (description, first)
        # the Open Graph tags (docs/_ext/link_previews.py): the page's title and language
        og = {p: page.eval_on_selector(f"meta[property='og:{p}']", "e => e.content")
              for p in ("title", "locale", "site_name")}
        assert og["title"] and og["title"] in page.title(), og
        assert og["locale"] == {"en": "en_US", "zh_CN": "zh_CN"}[language], og
        assert og["site_name"] == {"en": "Keras, run and explained",
                                   "zh_CN": "Keras 跑给你看"}[language], og


# -- 9. transfer weight -----------------------------------------------------------------------

# A topic page without its pictures, as sent by a server that compresses text
# (gzip level 6, what Read the Docs and most web servers send; python's
# http.server sends files as they are, so the test compresses what it received).
WEIGHT_LIMIT = 300 * 1024
KINDS = {"document": "html", "stylesheet": "css", "script": "js", "image": "images"}


def transfer_weight(browser, url: str) -> dict[str, dict[str, int]]:
    """Bytes of everything loading the page fetches, by kind, with an empty
    cache: as stored ("raw") and gzip-compressed ("gzip"; pictures as they are)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        responses = []
        page.on("response", lambda r: responses.append(r))
        page.goto(url, wait_until="networkidle")
        sizes = {m: dict.fromkeys([*KINDS.values(), "other"], 0) for m in ("raw", "gzip")}
        for r in responses:
            if r.url.startswith("data:"):
                continue
            kind = KINDS.get(r.request.resource_type, "other")
            body = r.body()
            sizes["raw"][kind] += len(body)
            sizes["gzip"][kind] += len(body) if kind == "images" else len(gzip.compress(body, 6))
        return sizes
    finally:
        context.close()


def kb(n: int) -> str:
    return f"{n / 1024:.0f}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_transfer_weight(browser, server, site, language):
    rows = [(name, transfer_weight(browser, f"{server}/{language}/{name}.html"))
            for name in PAGES + GENERATED]
    table = ["| page | HTML | CSS | JS | pictures | total without pictures |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, s in rows:
        z, raw = s["gzip"], s["raw"]
        without = {m: sum(v for k, v in s[m].items() if k != "images") for m in s}
        table.append(f"| {name} | {kb(z['html'])} ({kb(raw['html'])}) | {kb(z['css'])} "
                     f"({kb(raw['css'])}) | {kb(z['js'])} ({kb(raw['js'])}) | {kb(z['images'])} | "
                     f"**{kb(without['gzip'])}** ({kb(without['raw'])}) |")
    (site.out.parent / f"transfer-weight-{language}.md").write_text("\n".join(table) + "\n")
    for name, s in rows:
        assert s["raw"]["html"] > 0 and s["raw"]["css"] > 0 and s["raw"]["js"] > 0, (name, s)
        if name in TOPICS:
            assert sum(s["gzip"].values()) - s["gzip"]["images"] < WEIGHT_LIMIT, (name, s)

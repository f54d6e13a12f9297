"""Every internal link and asset of the built site resolves: the page or file
exists, and so does the anchor after '#' (both languages, the language picker,
and the links between the languages)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# (tag, attribute) pairs that load or link something
LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
           ("source", "src"), ("iframe", "src")}


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for linking_tag, attribute in LINKING:
            if tag == linking_tag and attrs.get(attribute):
                self.links.append(attrs[attribute])
        if tag == "img" and attrs.get("srcset"):
            self.links += [part.split()[0] for part in attrs["srcset"].split(",")]


def broken_links(root: Path) -> list[str]:
    """'page: link (why)' for every internal link under root that does not resolve."""
    pages: dict[Path, Page] = {}

    def parse(path: Path) -> Page:
        if path not in pages:
            pages[path] = Page(path.read_text(encoding="utf-8"))
        return pages[path]

    problems = []
    for html in sorted(root.rglob("*.html")):
        for link in parse(html).links:
            url = urlsplit(link)
            if url.scheme or url.netloc or link.startswith(("data:", "mailto:", "javascript:")):
                continue  # external; the offline test makes sure no page loads one
            if url.path.startswith("/"):  # from the root the site is served at
                target = (root / unquote(url.path).lstrip("/")).resolve()
            else:
                target = (html.parent / unquote(url.path)).resolve() if url.path else html
            if target.is_dir():
                target = target / "index.html"
            where = f"{html.relative_to(root)}: {link}"
            if not target.is_relative_to(root.resolve()):
                problems.append(f"{where} (leaves the site)")
            elif not target.is_file():
                problems.append(f"{where} (no such file)")
            elif url.fragment and target.suffix == ".html" \
                    and unquote(url.fragment) not in parse(target).ids:
                problems.append(f"{where} (no such anchor)")
    return problems


def test_every_internal_link_resolves(site):
    checked = list(site.out.rglob("*.html"))
    assert len(checked) > 10
    assert not broken_links(site.out), "\n".join(broken_links(site.out))


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "style.css").write_text("")
    (tmp_path / "en" / "a.html").write_text(
        '<h1 id="top">A</h1><link href="style.css"><a href="#top">ok</a>'
        '<a href="b.html#gone">gone anchor</a><a href="missing.html">missing page</a>'
        '<img src="pic.png"><a href="https://example.org/">external</a>'
        '<a href="../../outside.html">outside</a><a href="/en/b.html#here">rooted</a>'
        '<a href="/en/c.html">rooted, missing</a>')
    (tmp_path / "en" / "b.html").write_text('<p id="here">B</p><a href="a.html#top">back</a>')
    assert broken_links(tmp_path) == [
        "en/a.html: b.html#gone (no such anchor)",
        "en/a.html: missing.html (no such file)",
        "en/a.html: pic.png (no such file)",
        "en/a.html: ../../outside.html (leaves the site)",
        "en/a.html: /en/c.html (no such file)",
    ]

"""Shared fixtures. The site is built once per test session, into a temporary
folder with a fresh execution cache, exactly as `nox -s docs` builds it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
LOCALES = DOCS / "locales" / "zh_CN" / "LC_MESSAGES"
LANGUAGES = ("en", "zh_CN")

sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(EXAMPLES))  # as when a script runs from examples/
import example_sections  # noqa: E402
import kerasdocs  # noqa: E402
from bench import copy_sources, counting_env  # noqa: E402

# The Keras 3 backend of this test run (`nox -s tests` runs the claim tests once
# per backend). Keras reads the same variable when it is first imported.
BACKEND = os.environ.get("KERAS_BACKEND", "tensorflow")


def executed_docs() -> list[str]:
    """Pages that run code: MyST notebooks (a kernelspec in the front matter)."""
    return sorted(p.stem for p in DOCS.glob("*.md")
                  if kerasdocs.is_notebook(p.read_text(encoding="utf-8")))


@dataclass
class Build:
    """One run of tools/sitebuild.py over a source tree."""

    root: Path  # the source tree: docs/, examples/, tools/
    out: Path
    cache: Path
    doctrees: Path
    kernel_starts: dict[str, int] = field(default_factory=dict)

    def run(self, language: str, *, check: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        log = self.out.parent / f"kernels-{language}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("")
        env = counting_env(log, {**os.environ, **(env or {})})
        result = subprocess.run(
            [sys.executable, str(self.root / "tools" / "sitebuild.py"), "--language", language,
             "--out", str(self.out), "--cache", str(self.cache), "--doctrees", str(self.doctrees)],
            env=env, capture_output=True, text=True, cwd=self.root)
        self.kernel_starts[language] = len(log.read_text().split())
        if check and result.returncode:
            pytest.fail(f"build of {language} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def html(self, language: str, page: str) -> str:
        return (self.out / language / f"{page}.html").read_text(encoding="utf-8")

    def executed(self, page: str) -> nbformat.NotebookNode:
        """The page as executed: its notebook with outputs, from the cache."""
        from jupyter_cache import get_cache

        cache = get_cache(str(self.cache))
        records = [r for r in cache.list_cache_records()
                   if Path(r.uri).resolve() == (self.root / "docs" / f"{page}.md").resolve()]
        assert len(records) == 1, f"{page}: {len(records)} cache records"
        return cache.get_cache_bundle(records[0].pk).nb

    def glue(self, language: str, page: str) -> dict:
        path = self.doctrees / language / "jupyter_execute" / f"{page}.glue.json"
        return json.loads(path.read_text(encoding="utf-8"))


def run_example(name: str) -> tuple[dict, str, BaseException | None]:
    """Run an example's sections in order, in one namespace, as its page does,
    on this run's backend (skipped where the file does not declare it); return
    the namespace, the stdout and the error raised by the last section (None
    when it raises nothing on this backend). A declared error must be raised."""
    backends = example_sections.read_header(EXAMPLES / name).backends
    if BACKEND not in backends:
        pytest.skip(f"{name} runs on {', '.join(backends)}, not on {BACKEND}")
    import keras
    import matplotlib

    assert keras.backend.backend() == BACKEND

    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__example__"}
    out = io.StringIO()
    error = None
    for section in kerasdocs.read_sections(EXAMPLES / name):
        code = compile(section.code, f"{name}#{section.name}", "exec")
        with contextlib.redirect_stdout(out):
            if expected := section.raises_on(BACKEND):
                with pytest.raises(Exception) as info:
                    exec(code, namespace)
                assert type(info.value).__name__ == expected
                error = info.value
            else:
                exec(code, namespace)
    return namespace, out.getvalue(), error


def example_fixture(name: str):
    """A module-scoped fixture giving run_example(name): `keras2 = example_fixture("x.py")`."""

    @pytest.fixture(scope="module")
    def ran():
        return run_example(name)

    return ran


def new_build(tmp: Path, root: Path = ROOT) -> Build:
    return Build(root=root, out=tmp / "html", cache=tmp / "cache", doctrees=tmp / "doctrees")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """Both languages, built the way `nox -s docs` builds them: English first.
    The build runs every backend itself; the test runs for the other backends
    (claims only) do not build it again."""
    if BACKEND != "tensorflow":
        pytest.skip(f"the built site is checked in the tensorflow run, not the {BACKEND} one")
    if os.environ.get("KERASDOCS_NO_SITE"):
        pytest.skip("KERASDOCS_NO_SITE is set: claims only, no site build")
    build = new_build(tmp_path_factory.mktemp("site"))
    for language in LANGUAGES:
        build.run(language)
    return build


@pytest.fixture
def scratch_docs(tmp_path) -> Path:
    """A copy of the sources, to edit without touching the repository."""
    return copy_sources(tmp_path / "src")


@pytest.fixture
def warm_build(site, scratch_docs, tmp_path):
    """A build of the scratch sources that starts from a copy of the session
    site's cache: same code, so nothing needs executing (the cold build is
    test_site's business), and a copy, so the session's cache stays intact."""
    build = new_build(tmp_path / "out", root=scratch_docs)
    shutil.copytree(site.cache, build.cache)
    return build

"""Shared fixtures. The site is built once per test session, into a temporary
folder with a fresh execution cache, exactly as `nox -s docs` builds it."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
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
import code_comments  # noqa: E402

import example_sections  # noqa: E402
import kerasdocs  # noqa: E402
from bench import copy_sources, counting_env  # noqa: E402

# The Keras 3 backend of this test run (`nox -s tests` runs the claim tests once
# per backend). Keras reads the same variable when it is first imported.
BACKEND = os.environ.get("KERAS_BACKEND", "tensorflow")
if BACKEND == "torch":
    # Keras first: it loads PyTorch, then TensorFlow may load (the other way
    # round the process aborts: "LLVM ERROR: inconsistency in registered
    # CommandLine options"; docs/_ext/execution/zygote.py imports in this order).
    import keras  # noqa: F401


def executed_docs() -> list[str]:
    """Pages that run code: MyST notebooks (a kernelspec in the front matter)."""
    return sorted(p.stem for p in DOCS.glob("*.md")
                  if kerasdocs.is_notebook(p.read_text(encoding="utf-8")))


def pytest_collection_modifyitems(items) -> None:
    """The topic pages' claim tests (tests/test_<page>.py) are marked `claims`:
    `nox -s tests` runs them once more on each other backend."""
    modules = {f"test_{page.replace('-', '_')}" for page in executed_docs()}
    for item in items:
        if item.module is not None and item.module.__name__ in modules:
            item.add_marker(pytest.mark.claims)


def page_backends(page: str) -> tuple[str, ...]:
    """The backends a page runs on: those its examples declare."""
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    declared = {b for ref in re.findall(r"^:example: (\S+)$", text, re.M)
                for b in example_sections.read_header(EXAMPLES / ref.partition("#")[0]).backends}
    return tuple(b for b in example_sections.BACKENDS if b in declared)


def catalog(page: str) -> dict[str, str]:
    """A page's Chinese catalog: {English: Chinese}, translated entries only."""
    from babel.messages.pofile import read_po

    with (LOCALES / f"{page}.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def shown_code(code: str, page: str, language: str) -> str:
    """Example code as `page` shows it in `language`: the comments translated
    (docs/_ext/code_comments.py), the code itself the same."""
    if language == "en":
        return code
    table = catalog(page)
    return code_comments.translate(code, lambda text: table.get(text, text))


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def shown_text(cell) -> str:
    """What a cell shows as text: its stdout, and text displays (Keras's
    rich summaries) without colour codes. Pictures and glue data are not text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and out.name == "stdout":
            parts.append(out.text)
        elif out.output_type in ("display_data", "execute_result"):
            data = out.get("data", {})
            if "text/plain" in data and not any(k.startswith("image/") for k in data):
                parts.append(ANSI.sub("", data["text/plain"]))
    return "".join(parts)


def normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@dataclass
class Build:
    """One run of tools/sitebuild.py over a source tree."""

    root: Path  # the source tree: docs/, examples/, tools/
    out: Path
    cache: Path
    doctrees: Path
    kernel_starts: dict[str, int] = field(default_factory=dict)

    def command(self, language: str, env: dict[str, str] | None = None):
        """The command line and environment of a build of `language`, whose
        kernel starts are logged (read them with `count`)."""
        log = self.out.parent / f"kernels-{language}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("")
        env = counting_env(log, {**os.environ, **(env or {})})
        return ([sys.executable, str(self.root / "tools" / "sitebuild.py"), "--language", language,
                 "--out", str(self.out), "--cache", str(self.cache),
                 "--doctrees", str(self.doctrees)], env)

    def count(self, language: str) -> int:
        log = self.out.parent / f"kernels-{language}.log"
        self.kernel_starts[language] = len(log.read_text().splitlines())
        return self.kernel_starts[language]

    def run(self, language: str, *, check: bool = True,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        command, env = self.command(language, env)
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=self.root)
        self.count(language)
        if check and result.returncode:
            pytest.fail(f"build of {language} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def html(self, language: str, page: str) -> str:
        return (self.out / language / f"{page}.html").read_text(encoding="utf-8")

    def _record(self, page: str):
        from jupyter_cache import get_cache

        cache = get_cache(str(self.cache))
        records = [r for r in cache.list_cache_records()
                   if Path(r.uri).resolve() == (self.root / "docs" / f"{page}.md").resolve()]
        assert len(records) == 1, f"{page}: {len(records)} cache records"
        return cache, records[0]

    def executed(self, page: str, backend: str | None = None) -> nbformat.NotebookNode:
        """The page as executed (its code cells), from the cache: with the
        outputs the page shows first (each cell's first backend), or, with
        `backend`, those of its run on that backend (none for a cell that does
        not run there)."""
        cache, record = self._record(page)
        nb = cache.get_cache_bundle(record.pk).nb
        if backend is None:
            return nb
        ran = cache.get_cache_bundle(self.copy_record(page, backend).pk).nb
        for cell, copy in zip(nb.cells, ran.cells, strict=True):
            cell.outputs = [] if copy.source.startswith("pass  # runs on") else copy.outputs
        return nb

    def copy_record(self, page: str, backend: str):
        """The cache record of the page's copy for `backend`."""
        from jupyter_cache.cache.db import NbCacheRecord

        cache, record = self._record(page)
        hashkey = record.data["kerasdocs"]["copies"][backend]
        return NbCacheRecord.record_from_hashkey(hashkey, cache.db)

    def cells(self, page: str) -> dict[int, dict]:
        """{code cell number: {"backends": [...], "same": bool, "code": number}}."""
        _, record = self._record(page)
        return {v["code"]: v for v in record.data["kerasdocs"]["cells"].values()}

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
def script_runner():
    """`script_runner(backend).run(path, cwd)`: run a script as `python path`
    would, from a process per backend that imported Keras once (started on
    first use, shared by the session's tests)."""
    from script_runner import ScriptRunner

    runners: dict[str, ScriptRunner] = {}

    def get(backend: str) -> ScriptRunner:
        if backend not in runners:
            runners[backend] = ScriptRunner(backend)
        return runners[backend]

    yield get
    for runner in runners.values():
        runner.close()


@pytest.fixture(scope="session")
def zygotes(tmp_path_factory):
    """One preloaded process per backend that serves every build of the
    session, as `nox -s serve` keeps them (docs/_ext/execution/kernels.py):
    the site and each rebuild a test makes fork their kernels from them, so
    no build pays Keras's and its backend's imports again. Each build's
    kernels are still counted in that build's own log."""
    import sitebuild
    from execution.kernels import serving

    env = counting_env(tmp_path_factory.mktemp("zygotes") / "kernels.log",
                       sitebuild.build_env(Path("unused-cache")))
    with serving(list(example_sections.BACKENDS), env) as (name, value):
        os.environ[name] = value  # every build started from now on finds them
        try:
            yield
        finally:
            del os.environ[name]


def run_folder(tmp_path_factory, config) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (`nox -s
    tests` runs two): the run's base temporary folder, above the worker's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(config, "workerinput") else base


@contextlib.contextmanager
def locked(path: Path):
    """Hold an exclusive lock on `path` (other workers wait for it)."""
    import fcntl

    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def site(tmp_path_factory, request) -> Build:
    """Both languages, built the way `nox -s docs` builds them: English first.
    The build runs every backend itself; the test runs for the other backends
    (claims only) do not build it again. Built once per test run: the first
    worker to need it builds it, and the others wait and read it."""
    if BACKEND != "tensorflow":
        pytest.skip(f"the built site is checked in the tensorflow run, not the {BACKEND} one")
    if os.environ.get("KERASDOCS_NO_SITE"):
        pytest.skip("KERASDOCS_NO_SITE is set: claims only, no site build")
    folder = run_folder(tmp_path_factory, request.config)
    status = folder / "site.status"
    build = new_build(folder / "site")
    with locked(folder / "site.lock"):
        if status.exists():  # built, or failed, by another worker
            said = status.read_text(encoding="utf-8")
            if said != "built":
                pytest.fail(f"the session's build of the site failed in another worker:\n{said}")
            for language in LANGUAGES:
                build.count(language)
            return build
        status.write_text("the build was interrupted", encoding="utf-8")
        request.getfixturevalue("zygotes")
        try:
            for language in LANGUAGES:
                build.run(language)
        except BaseException as error:  # pytest.fail's, with the build's output
            status.write_text(str(error) or type(error).__name__, encoding="utf-8")
            raise
        status.write_text("built", encoding="utf-8")
    return build


@pytest.fixture
def scratch_docs(tmp_path) -> Path:
    """A copy of the sources, to edit without touching the repository."""
    return copy_sources(tmp_path / "src")


@pytest.fixture
def warm_build(site, zygotes, scratch_docs, tmp_path):
    """A build of the scratch sources that starts from a copy of the session
    site's cache: same code, so nothing needs executing (the cold build is
    test_site's business), and a copy, so the session's cache stays intact.
    Its kernels fork from this worker's preloaded processes (`zygotes`)."""
    build = new_build(tmp_path / "out", root=scratch_docs)
    shutil.copytree(site.cache, build.cache)
    return build

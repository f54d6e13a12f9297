"""Execute what the cache lacks, on every backend, before Sphinx reads the pages.

When Sphinx has decided which pages to read (``env-before-read-docs``):

1. each page's notebook is made exactly as myst-nb will make it (our
   ``source-read`` preparation, then myst-nb's own reader), and its cells are
   planned: which backends each runs on (``backends.py``);
2. for each backend, the page's copy for that backend (``variants.py``) is
   looked up in the cache, under its own key;
3. the copies the cache lacks execute at the same time, one more than there
   are cores (``jobs()``), each in a new kernel forked from that backend's
   preloaded process (``kernels.py``); each result is stored from this one
   process (the cache is one SQLite database: one writer);
4. the copies are merged into the page's notebook, which is stored under the
   key myst-nb looks up. myst-nb then finds every page in the cache.

So an edited example executes its page again on the backends it runs on
(the other backends' copies did not change), an edited sentence executes
nothing, and the Chinese build, which reads the same notebooks, starts no
kernel at all. Within a page's copy, only the examples whose outputs no
earlier run stored execute: each stored copy also records a key per example
(``variants.unit_key``), and a copy with one edited example runs that
example's cells, in one kernel, and takes the others' outputs from the cache.

A page that fails (an unexpected exception, a timeout, an error where none
was declared or none where one was) stores nothing: the build stops once all
copies have run, naming the page, the backend, the cell and the traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging as pylogging
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.matching import Matcher

from . import BuildFailed, ExecutionSetupError, backends, prepare_source, variants
from .kernels import KERNEL_ARGUMENTS, Kernels

logger = logging.getLogger(__name__)
# nbclient's own log says "Executing notebook with kernel: python3" for every
# kernel; the build prints its own progress line instead (progress()).
QUIET = pylogging.getLogger("kerasdocs.nbclient")
QUIET.setLevel(pylogging.WARNING)


def progress(text: str) -> None:
    """One line per step of execution, even in a quiet (-q) build."""
    print(text, flush=True)


def jobs() -> int:
    """Page copies executed at once: one more than the cores (KERASDOCS_JOBS
    overrides). A kernel leaves its core idle between cells (each cell is a
    round trip of messages) and while it starts; the extra one fills those
    gaps. On 2 cores (2026-12-07), the English build's 15 copies executed in
    86 s at 3 at a time, 95-106 s at 2, 97 s at 4 (TensorFlow's threads then
    compete for the cores)."""
    cores = os.cpu_count() or 1
    return max(1, int(os.environ.get("KERASDOCS_JOBS") or cores + 1))


def notebook_of(env: BuildEnvironment, docname: str) -> tuple[Path, nbformat.NotebookNode] | None:
    """The page's notebook as myst-nb's parser will build it; None for a page without code."""
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    prepared = prepare_source(docname, path.read_text(encoding="utf-8"))
    if prepared is None:
        return None
    text, _files = prepared
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    if reader is None:
        return None
    try:
        return path, reader.read(text)
    except Exception as error:  # a cell's options that are not YAML, ...: the author's to fix
        raise ExecutionSetupError(f"the page cannot be read as a notebook: {error}") from None


@dataclass
class Page:
    docname: str
    path: Path
    notebook: nbformat.NotebookNode
    plans: dict
    copies: dict[str, nbformat.NotebookNode] = field(default_factory=dict)
    units: dict[str, list[int]] = field(default_factory=dict)  # example -> its cells
    # backend -> {cell index: the cell as stored}, for the examples not run again
    reused: dict[str, dict[int, nbformat.NotebookNode]] = field(default_factory=dict)
    runs: dict[str, nbformat.NotebookNode] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)  # backend -> its copy's cache key
    seconds: float = 0.0

    @property
    def backends(self) -> tuple[str, ...]:
        return backends.page_backends(self.plans)

    def uri(self, backend: str) -> str:
        return f"{self.path}::{backend}"

    def name(self, backend: str) -> str:
        return f"{self.docname}::{backend}"


def summary_of(record) -> dict | None:
    return (record.data or {}).get("kerasdocs")


async def execute_copy(nb: nbformat.NotebookNode, cwd: str, config, manager_class,
                       backend: str) -> tuple[float, str | None]:
    """Execute ``nb`` in place; return the seconds taken and the error, if
    any (the cell and the traceback)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    client = NotebookClient(nb, timeout=config.execution_timeout, log=QUIET,
                            allow_errors=config.execution_allow_errors, record_timing=False,
                            kernel_manager_class=manager_class,
                            extra_arguments=KERNEL_ARGUMENTS,
                            resources={"metadata": {"path": cwd}})
    start = time.perf_counter()
    try:
        await client.async_execute(cwd=cwd, env=backends.kernel_environment(
            backend, cache=config.execution_cache_path))
    except (CellExecutionError, CellTimeoutError) as error:  # the message shows the cell
        return time.perf_counter() - start, f"{type(error).__name__}: {error}"
    return time.perf_counter() - start, None


def execute_outdated(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return  # "off" (extracting messages), or a mode this site does not use
    from jupyter_cache import get_cache

    cache = get_cache(config.execution_cache_path)
    excluded = Matcher(config.execution_excludepatterns)
    pages: list[Page] = []
    for docname in sorted(docnames):
        try:
            found = notebook_of(env, docname)
            if found is None or excluded(str(found[0].relative_to(app.srcdir))):
                continue
            path, nb = found
            page = Page(docname, path, nb, backends.plan_cells(docname, nb),
                        units=variants.example_units(nb))
        except ExecutionSetupError as error:
            logger.error(str(error), location=docname)
            raise BuildFailed from None
        plan = variants.plan_summary(page.plans)
        try:
            summary = summary_of(cache.match_cache_notebook(nb))
            if summary and summary.get("plan") == plan and \
                    summary.get("format") == variants.SUMMARY_FORMAT:
                continue  # executed before, with the same code on the same backends
        except KeyError:
            pass
        for backend in page.backends:
            copy = variants.backend_copy(nb, backend, page.plans)
            try:
                record = cache.match_cache_notebook(copy)
                page.runs[backend] = cache.get_cache_bundle(record.pk).nb
                page.hashes[backend] = record.hashkey
            except KeyError:
                page.copies[backend] = copy
                page.reused[backend] = stored_units(cache, page.name(backend), copy, page.units)
        pages.append(page)
    todo = [(page, backend) for page in pages for backend in page.copies]
    if todo:
        run_all(todo, config, cache)
    for page in pages:
        store_page(page, cache)


def unit_keys(nb: nbformat.NotebookNode, units: dict[str, list[int]]) -> dict[str, str]:
    """{example: its unit's key} for a page's copy."""
    from example_sections import local_imports

    from . import EXAMPLES

    return {name: variants.unit_key(nb, cells, local_imports(EXAMPLES / name))
            for name, cells in units.items()}


def stored_units(cache, name: str, nb: nbformat.NotebookNode,
                 units: dict[str, list[int]]) -> dict[int, nbformat.NotebookNode]:
    """{cell index: stored cell} for the cells of the examples of ``nb`` (the
    page's copy ``name``, "page::backend") whose outputs an earlier run of that
    copy stored under the same key (wherever the sources were then)."""
    keys = unit_keys(nb, units)
    ordinal = {index: n for n, index in enumerate(
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code")}
    found: dict[int, nbformat.NotebookNode] = {}
    records = sorted((r for r in cache.list_cache_records()
                      if (r.data or {}).get("copy") == name),
                     key=lambda r: r.created, reverse=True)  # the newest first
    for record in records:
        stored = (record.data or {}).get("units", {})
        wanted = [name for name, key in keys.items()
                  if stored.get(name) == key and units[name][0] not in found]
        if wanted:
            cells = variants.code_cells(cache.get_cache_bundle(record.pk).nb)
            found.update((i, cells[ordinal[i]]) for name in wanted for i in units[name])
    return found


def run_all(todo: list[tuple[Page, str]], config, cache) -> None:
    from jupyter_cache.base import CacheBundleIn

    names = ", ".join(f"{page.docname} on {backend}" for page, backend in todo)
    progress(f"executing {len(todo)} page cop{'y' if len(todo) == 1 else 'ies'}, "
             f"{min(jobs(), len(todo))} at a time: {names}")
    failures: list[tuple[Page, str, str]] = []
    kernels = Kernels()
    stop = Interrupt(kernels)
    for backend in dict.fromkeys(b for _, b in todo):  # start every zygote's imports now
        kernels.manager_class(backend)

    running = {(page.docname, backend): variants.without(page.copies[backend],
                                                          set(page.reused[backend]))
               for page, backend in todo}

    def done(page: Page, backend: str, seconds: float, error: str | None) -> None:
        if error:
            failures.append((page, backend, error))
            return
        nb, ran, reused = page.copies[backend], running[page.docname, backend], \
            page.reused[backend]
        nb.metadata = ran.metadata  # the kernel's language_info, as nbclient set it
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.outputs = variants.join_streams(
                    (reused[index] if index in reused else ran.cells[index]).get("outputs", []))
                cell.execution_count = ran.cells[index].execution_count
        executed = [name for name, cells in page.units.items() if cells[0] not in reused]
        keys = unit_keys(nb, page.units)
        with stop.deferred():  # a result is stored whole, or not at all
            record = cache.cache_notebook_bundle(  # from this process only: one writer
                CacheBundleIn(nb, page.uri(backend), data={
                    "execution_seconds": seconds, "copy": page.name(backend), "units": keys,
                    "executed": executed}),
                check_validity=False, overwrite=True)
        page.runs[backend] = nb
        page.hashes[backend] = record.hashkey
        page.seconds += seconds
        part = "" if len(executed) == len(page.units) else \
            f" ({', '.join(executed) or 'no example'}; the others' outputs were stored)"
        progress(f"  executed {page.docname} on {backend} in {seconds:.1f} s{part}")

    async def execute(slots: asyncio.Semaphore, page: Page, backend: str) -> None:
        async with slots:
            seconds, error = await execute_copy(
                running[page.docname, backend], str(page.path.parent), config,
                kernels.manager_class(backend), backend)
        done(page, backend, seconds, error)

    async def execute_all() -> None:
        slots = asyncio.Semaphore(min(jobs(), len(todo)))
        await asyncio.gather(*(execute(slots, page, backend) for page, backend in todo))

    start = time.monotonic()
    main = threading.current_thread() is threading.main_thread()  # signals go there only
    previous = signal.signal(signal.SIGINT, stop.handler) if main else None
    try:
        with asyncio.Runner(loop_factory=BuildLoop) as runner:
            runner.run(execute_all())
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
        kernels.close()
    progress(f"executed {len(todo) - len(failures)} of {len(todo)} page copies in "
             f"{time.monotonic() - start:.1f} s")
    if failures:
        for page, backend, error in failures:
            logger.error(f"executing the page on the {backend} backend failed: {error}",
                         location=page.docname)
        raise BuildFailed


class BuildLoop(asyncio.SelectorEventLoop):
    """The event loop of the executions. nbclient registers its own Ctrl-C
    handler for every notebook (it shuts that kernel down, and the build goes
    on, with ZMQ and DeadKernelError tracebacks); here the build handles
    Ctrl-C once, for all of them (Interrupt), so those registrations are ignored."""

    def add_signal_handler(self, sig, callback, *args) -> None:
        if sig not in (signal.SIGINT, signal.SIGTERM):
            super().add_signal_handler(sig, callback, *args)

    def remove_signal_handler(self, sig) -> bool:
        if sig in (signal.SIGINT, signal.SIGTERM):
            return False
        return super().remove_signal_handler(sig)


class Interrupt:
    """Ctrl-C while pages execute: stop every kernel and zygote at once, say
    so, and end the build, with no traceback from asyncio, ZMQ or Sphinx.
    Copies that finished are in the cache, whole; a result being stored
    when the key is pressed is stored first."""

    def __init__(self, kernels: Kernels) -> None:
        self.kernels = kernels
        self.writing = False
        self.pressed = False

    def handler(self, _signum, _frame) -> None:
        self.pressed = True
        self.kernels.kill_all()
        if not self.writing:
            self.leave()

    @contextlib.contextmanager
    def deferred(self):
        self.writing = True
        try:
            yield
        finally:
            self.writing = False
        if self.pressed:
            self.leave()

    @staticmethod
    def leave() -> None:
        sys.stdout.flush()
        print("\nInterrupted: the page copies still running were stopped; nothing of theirs "
              "is in the cache, and the next build executes them again.", file=sys.stderr,
              flush=True)
        os._exit(130)


def store_page(page: Page, cache) -> None:
    """Merge the page's copies and store the page under myst-nb's key."""
    from jupyter_cache.base import CacheBundleIn

    merged = variants.merge(page.notebook, page.plans, page.runs)
    if merged.problems:
        for problem in merged.problems:
            logger.error(problem, location=page.docname)
        raise BuildFailed
    summary = {**merged.summary, "plan": variants.plan_summary(page.plans),
               "format": variants.SUMMARY_FORMAT,
               "copies": page.hashes}
    cache.cache_notebook_bundle(
        CacheBundleIn(merged.notebook, str(page.path),
                      data={"execution_seconds": page.seconds, "kerasdocs": summary}),
        check_validity=False, overwrite=True)

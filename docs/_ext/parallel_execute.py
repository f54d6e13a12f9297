"""Execute the pages that need it at the same time, before Sphinx reads them.

myst-nb executes a page's notebook while Sphinx reads the page, one page after
another, each in a new kernel that spends ~6 s importing TensorFlow. Sphinx's
parallel reading (``-j``) would run pages at once, but its worker processes
would then write the cache's SQLite database at the same time. Instead, when
Sphinx has decided which pages to read (``env-before-read-docs``), this
extension:

1. makes each page's notebook exactly as myst-nb will (our ``source-read``
   preparation, then myst-nb's own reader), and looks it up in the cache;
2. executes the pages the cache lacks at the same time, at most one per core,
   each in its own new kernel. The kernels are forked from one process that
   has imported TensorFlow, Keras and tf_keras once (kernel_zygote.py), so
   no page pays for that import again;
3. stores each result in the cache from this one process, one after another.

myst-nb then finds every page in the cache and executes nothing. Should a
notebook here differ from myst-nb's (it should not; a test counts kernel
starts), myst-nb would simply execute that page itself: slower, never wrong.

A page that fails (an unexpected exception, a timeout) is not cached: the build
stops once all pages have run, naming each failed page, the cell and the
traceback.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.matching import Matcher

import kerasdocs

logger = logging.getLogger(__name__)
ZYGOTE = Path(__file__).with_name("kernel_zygote.py")


def jobs() -> int:
    """Pages executed at once: one per core. KERASDOCS_JOBS overrides; 0
    turns this extension off (myst-nb executes each page itself, in turn)."""
    return int(os.environ.get("KERASDOCS_JOBS") or os.cpu_count() or 1)


def join_streams(outputs: list) -> list:
    """Join consecutive pieces of one stream. How a printed line reaches the
    notebook in pieces depends on timing; joined, two runs store the same
    outputs. (myst-nb's own merging adds a line break after every piece, which
    would split a line that arrived in two.)"""
    joined: list = []
    for output in outputs:
        if (joined and output["output_type"] == "stream" == joined[-1]["output_type"]
                and output["name"] == joined[-1]["name"]):
            joined[-1]["text"] += output["text"]
        else:
            joined.append(output)
    return joined


def notebook_of(env: BuildEnvironment, docname: str) -> tuple[Path, nbformat.NotebookNode] | None:
    """The page's notebook as myst-nb's parser will build it; None for a page without code."""
    from myst_nb.core.read import create_nb_reader

    path = Path(env.doc2path(docname))
    prepared = kerasdocs.prepare_source(docname, path.read_text(encoding="utf-8"))
    if prepared is None:
        return None
    text, _files = prepared
    reader = create_nb_reader(str(path), env.myst_config, env.mystnb_config, text)
    if reader is None:
        return None
    return path, reader.read(text)


class Zygote:
    """kernel_zygote.py, running: forks a kernel on request."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, str(ZYGOTE), str(theirs.fileno())],
                                        pass_fds=[theirs.fileno()])
        theirs.close()
        self.channel = ours
        self.stream = ours.makefile("rw")

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        self.stream.write(json.dumps([argv, env, cwd]) + "\n")
        self.stream.flush()
        reply = self.stream.readline()  # after the zygote's imports, at first
        if not reply:
            raise RuntimeError(f"the kernel zygote ({ZYGOTE.name}) exited with status "
                               f"{self.process.wait()}; its error is above")
        return int(reply)

    def close(self) -> None:
        self.stream.close()
        self.channel.close()  # end of file: the zygote leaves
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class ForkedProcess:
    """What Jupyter's local provisioner needs of a kernel's Popen, for a
    kernel forked by the zygote (its child, not ours: the zygote reaps it)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelManager(AsyncKernelManager):
    """Starts the kernel by asking the zygote to fork one (jupyter_client's
    documented place to launch kernels differently); all else is unchanged."""

    zygote: Zygote | None = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        provisioner = self.provisioner
        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = self.zygote.fork(kernel_cmd, env, cwd)
        provisioner.process = ForkedProcess(pid)
        provisioner.pid = provisioner.pgid = pid  # the kernel leads its process group
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)


async def execute_one(nb: nbformat.NotebookNode, cwd: str, config) -> tuple[float, str | None]:
    """Execute `nb` in place; return the seconds taken and the error, if any
    (the text jupyter-cache would give: the cell, the traceback)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    client = NotebookClient(nb, timeout=config.execution_timeout,
                            allow_errors=config.execution_allow_errors, record_timing=False,
                            kernel_manager_class=ForkedKernelManager,
                            resources={"metadata": {"path": cwd}})
    start = time.perf_counter()
    try:
        await client.async_execute(cwd=cwd)
    except (CellExecutionError, CellTimeoutError) as error:  # the message shows the cell
        return time.perf_counter() - start, f"{type(error).__name__}: {error}"
    return time.perf_counter() - start, None


async def execute_all(todo: dict, config, on_done) -> None:
    slots = asyncio.Semaphore(min(jobs(), len(todo)))

    async def run(docname: str) -> None:
        path, nb = todo[docname]
        async with slots:
            seconds, error = await execute_one(nb, str(path.parent), config)
        on_done(docname, seconds, error)

    await asyncio.gather(*(run(docname) for docname in todo))


def execute_outdated(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = env.mystnb_config
    if config.execution_mode != "cache" or jobs() < 1:
        return  # "force", "off", "auto": myst-nb's own business
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(config.execution_cache_path)
    excluded = Matcher(config.execution_excludepatterns)
    todo = {}
    for docname in sorted(docnames):
        found = notebook_of(env, docname)
        if found is None or excluded(str(found[0].relative_to(app.srcdir))):
            continue
        path, nb = found
        if nb.metadata.get(config.metadata_key):
            continue  # a page with its own execution settings: leave it to myst-nb
        try:
            cache.match_cache_notebook(nb)
        except KeyError:
            todo[docname] = (path, nb)
    if not todo:
        return

    logger.info(f"executing {len(todo)} page(s), {min(jobs(), len(todo))} at a time: "
                f"{', '.join(todo)}")
    failures: dict[str, str] = {}

    def on_done(docname: str, seconds: float, error: str | None) -> None:
        path, nb = todo[docname]
        if error:
            failures[docname] = error
            return
        for cell in nb.cells:
            if cell.get("outputs"):
                cell.outputs = join_streams(cell.outputs)
        cache.cache_notebook_bundle(  # from this process only: one writer
            CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
            check_validity=False, overwrite=True)
        logger.info(f"executed {docname} in {seconds:.1f} s")

    start = time.monotonic()
    ForkedKernelManager.zygote = zygote = Zygote()
    try:
        asyncio.run(execute_all(todo, config, on_done))
    finally:
        ForkedKernelManager.zygote = None
        zygote.close()
    logger.info(f"executed {len(todo) - len(failures)} page(s) in "
                f"{time.monotonic() - start:.1f} s")
    if failures:
        for docname, error in sorted(failures.items()):
            logger.error(f"executing the page failed: {error}", location=docname)
        raise ExtensionError(f"{len(failures)} page(s) failed to execute: "
                             f"{', '.join(sorted(failures))} (the errors are above)")


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", execute_outdated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

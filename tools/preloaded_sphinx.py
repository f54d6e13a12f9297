"""`nox -s serve`'s rebuilds, forked from a process that has imported Sphinx's libraries.

sphinx-autobuild starts every rebuild as ``python -m sphinx build ...``: a new
Python process, which imports Sphinx, docutils, myst-nb (with jupyter-cache
and SQLAlchemy), furo and sphinx-design again before it reads a page. Measured
on 2026-12-07: a prose edit's rebuild took 2.8 s that way, and 1.1-1.3 s in a
process that had built once before.

This process (``python preloaded_sphinx.py --listen PATH``) imports those
libraries and waits on the Unix socket PATH. Each rebuild asks it for a build
(a JSON line: Sphinx's arguments); it forks, the child runs Sphinx's
``build_main`` and exits, and the reply is the exit status. The child starts
as a fresh interpreter would be after the same imports: no build has ever run
in the parent, which only imports.

What it imports: every module the last build imported, except the project's
own (docs/conf.py, docs/_ext/, examples/, tools/). A project file is read again
by every build, so an edit of an extension reaches the next rebuild. The first
build imports everything itself; the process imports the list after replying,
while the reader looks at the page. It leaves when the process that started it does.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

from sphinx_autobuild.build import Builder
from sphinx_autobuild.utils import show_message

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tuple(ROOT / name for name in ("docs", "examples", "tools", "tests"))
SOCKET = "KERASDOCS_SPHINX"  # the environment variable that gives the socket's path


def libraries() -> list[str]:
    """The modules imported in this process that are not the project's, in import order."""
    names = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name != "__main__" and path and \
                not any(Path(path).resolve().is_relative_to(p) for p in PROJECT):
            names.append(name)
    return names


def preload(names: list[str]) -> None:
    """Import `names` (those that import cleanly), then keep their objects out
    of the garbage collector's reach, so that the children do not copy them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a child that imports them again sees its own
        for name in names:
            if name not in sys.modules:
                try:
                    importlib.import_module(name)
                except Exception:  # noqa: BLE001, S112  (the build imports it itself)
                    continue
    gc.freeze()


def build(args: list[str]) -> tuple[int, list[str]]:
    """Sphinx's build in a forked child: its exit status, and its libraries."""
    if threading.active_count() > 1:  # a fork would copy another thread's locks
        raise RuntimeError("preloaded_sphinx: a preloaded module started a thread")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C stops the build
        status = 1
        try:
            from sphinx.cmd.build import build_main

            status = build_main(args)
        except SystemExit as stop:  # the execution's own BuildFailed, ...
            status = stop.code if isinstance(stop.code, int) else 1
        except KeyboardInterrupt:
            status = 130
        except BaseException:  # noqa: BLE001  (say it, as `python -m sphinx` would)
            import traceback

            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            with os.fdopen(write, "w") as pipe:
                json.dump(libraries(), pipe)
            os._exit(status)  # at once: no unloading of the modules, no atexit of the parent
    os.close(write)
    with os.fdopen(read) as pipe:
        text = pipe.read()  # until the child closes it: read before waiting (a full pipe blocks)
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    try:
        learned = json.loads(text)
    except ValueError:  # it ended before writing (os._exit on Ctrl-C, a signal)
        learned = []
    return status, learned


def listen(path: str) -> None:
    """Answer one build after another on the Unix socket `path`, until the
    process that started this one is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops a build, not this
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen()
    import sphinx.cmd.build  # noqa: F401  (the rest comes from the first build)

    server.settimeout(1.0)
    while os.getppid() == parent:
        try:
            channel, _ = server.accept()
        except TimeoutError:
            continue
        channel.settimeout(None)
        with channel, channel.makefile("rw") as stream:
            request = stream.readline()
            if not request:
                continue
            status, learned = build(json.loads(request))
            stream.write(f"{status}\n")
        preload(learned)  # after the reply: off the rebuild's time
    os._exit(0)


def request_build(path: str, args: list[str]) -> int:
    """Ask the process listening on `path` for a build; its exit status."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as channel:
        channel.connect(path)
        with channel.makefile("rw") as stream:
            stream.write(json.dumps(args) + "\n")
            stream.flush()
            reply = stream.readline()
    if not reply:
        raise RuntimeError(f"the preloaded Sphinx process ({Path(__file__).name}) has "
                           "stopped; its error is above")
    return int(reply)


@contextlib.contextmanager
def started(env: dict[str, str]):
    """The process, in the builds' environment `env`, while the block runs;
    yields its socket's path."""
    folder = Path(tempfile.mkdtemp(prefix="kerasdocs-sphinx-"))
    path = str(folder / "sphinx.sock")
    process = subprocess.Popen([sys.executable, __file__, "--listen", path], env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not os.path.exists(path):  # bound before its first import
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{Path(__file__).name} did not start")
            time.sleep(0.05)
        yield path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


class ForkingBuilder(Builder):
    """sphinx-autobuild's Builder (2025.8.25), whose __call__ starts ``python
    -m sphinx build``: the same messages, the build forked. sphinx-autobuild
    runs it in a worker process, which finds the socket's path in SOCKET."""

    def __call__(self, *, changed_paths):
        if changed_paths:
            names = []
            for changed in changed_paths[:5]:
                with contextlib.suppress(ValueError):
                    changed = changed.relative_to(Path.cwd())
                names.append(changed.as_posix())
            show_message(f"Detected changes ({', '.join(names)})")
            show_message("Rebuilding...")
        sys.stdout.flush()
        if status := request_build(os.environ[SOCKET], self.sphinx_args):
            print(f"Sphinx exited with exit code: {status}\nThe server will continue serving "
                  "the build folder, but the contents being served are no longer in sync "
                  "with the documentation sources. Please fix the cause of the error above "
                  "or press Ctrl+C to stop the server.", flush=True)
        show_message(f"Serving on {self.uri}")


def sphinx_autobuild(argv: list[str], path: str) -> None:
    """sphinx-autobuild's command line, in this process, each build asked of
    the preloaded process at `path` instead of started as a new one."""
    from sphinx_autobuild import __main__ as autobuild

    os.environ[SOCKET] = path
    autobuild.Builder = ForkingBuilder
    autobuild.main(argv)


if __name__ == "__main__":
    listen(sys.argv[2])

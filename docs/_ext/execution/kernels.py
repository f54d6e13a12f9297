"""Kernels for the pages: forked from a preloaded process per backend, or plain.

``Zygote(backend)`` starts ``zygote.py`` with that backend chosen; it imports
Keras and the backend once, then forks a new kernel for every page copy that
runs on that backend (``ForkedKernelManager``, through jupyter_client's
documented ``_launch_kernel`` hook). With ``KERASDOCS_ZYGOTE=0`` every kernel
is started from scratch instead, as Jupyter starts kernels (a test compares
both). ``nox -s serve`` starts a rebuild in a new process on every edit: there
``serving()`` keeps one zygote per backend alive across the rebuilds, and each
build's ``Zygote`` connects to it instead of starting its own.

ipykernel's warning "Kernel is running over TCP without encryption" (once
per kernel, on loopback) says nothing a reader of the build log can act on:
kernels run with ``KERNEL_ARGUMENTS``, which keep their own log to errors.
(Filtering their standard error through a thread in the build would cost the
build its Ctrl-C: Python then never ran the SIGINT handler, measured here.)
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from .backends import kernel_environment

ZYGOTE = Path(__file__).with_name("zygote.py")
# Arguments for every kernel: its own log shows errors only.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]


def forked() -> bool:
    """Kernels forked from a preloaded process (the default), or started plain."""
    return os.environ.get("KERASDOCS_ZYGOTE", "1") != "0"


# Set by `nox -s serve` (``serving()``): a folder with one socket per backend,
# where zygotes that outlive each rebuild listen.
SERVING = "KERASDOCS_ZYGOTES"


class Zygote:
    """zygote.py for one backend, forking a kernel on request: started for
    this build, or (``nox -s serve``) one that serves one build after another."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
        listening = Path(os.environ.get(SERVING) or "/nonexistent") / f"{backend}.sock"
        if listening.is_socket():
            self.process = None  # not ours: it stays for the next build
            ours = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            ours.connect(str(listening))
        else:
            ours, theirs = socket.socketpair()
            self.process = subprocess.Popen(
                [sys.executable, str(ZYGOTE), str(theirs.fileno())],
                pass_fds=[theirs.fileno()], env=kernel_environment(backend))
            theirs.close()
        self.channel = ours
        self.stream = ours.makefile("rw")
        self.lock = threading.Lock()

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        with self.lock:
            self.stream.write(json.dumps([argv, env, cwd]) + "\n")
            self.stream.flush()
            # The reply comes after the zygote's imports, at first. Wait in short
            # steps: Python runs a signal handler (Ctrl-C) only between them.
            while not select.select([self.channel], [], [], 0.2)[0]:
                pass
            reply = self.stream.readline()
        if not reply:
            status = "has stopped" if self.process is None else \
                f"exited with status {self.process.wait()}"
            raise RuntimeError(f"the {self.backend} kernel zygote ({ZYGOTE.name}) {status}; "
                               "its error is above")
        return int(reply)

    def close(self) -> None:
        self.stream.close()
        self.channel.close()  # end of file: our zygote leaves, a serving one waits
        if self.process is None:
            return
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def kill(self) -> None:
        """Ctrl-C: our zygote stops at once; a serving one is left to `nox -s serve`."""
        if self.process is None:
            self.channel.close()
        else:
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
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkedKernelManager(AsyncKernelManager):
    """Starts the kernel by asking the zygote to fork one (jupyter_client's
    documented place to launch kernels differently); all else is unchanged."""

    zygote: Zygote | None = None
    launched: set[int]  # every kernel's process id, to stop them on Ctrl-C

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        provisioner = self.provisioner
        env = dict(kw.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it
        cwd = str(kw.get("cwd") or os.getcwd())
        pid = self.zygote.fork(kernel_cmd, env, cwd)
        self.launched.add(pid)
        provisioner.process = ForkedProcess(pid)
        provisioner.pid = provisioner.pgid = pid  # the kernel leads its process group
        provisioner.cwd = cwd
        self._reconcile_connection_info(provisioner.connection_info)


class PlainKernelManager(AsyncKernelManager):
    """A kernel started from scratch, in its own session (Ctrl-C in the
    terminal reaches the build, which stops the kernel itself)."""

    launched: set[int]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        kw["start_new_session"] = True
        await super()._async_launch_kernel(kernel_cmd, **kw)
        self.launched.add(self.provisioner.process.pid)


class Kernels:
    """The kernel managers of one build: one zygote per backend, started when
    its first page copy asks for it."""

    def __init__(self) -> None:
        self.zygotes: dict[str, Zygote] = {}
        self.launched: set[int] = set()

    def manager_class(self, backend: str) -> type[AsyncKernelManager]:
        if not forked():
            return type("PlainKernelManager", (PlainKernelManager,), {"launched": self.launched})
        if backend not in self.zygotes:
            self.zygotes[backend] = Zygote(backend)
        return type(f"ForkedKernelManager_{backend}", (ForkedKernelManager,),
                    {"zygote": self.zygotes[backend], "launched": self.launched})

    def kill_all(self) -> None:
        """Stop every kernel and zygote at once (Ctrl-C): nothing of theirs is kept."""
        for zygote in self.zygotes.values():
            zygote.kill()
        for pid in self.launched:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        for zygote in self.zygotes.values():
            zygote.close()
        self.zygotes.clear()


@contextlib.contextmanager
def serving(backends: list[str], env: dict[str, str]):
    """Zygotes for `backends`, in the builds' environment `env`, that serve
    one build after another while the block runs (``nox -s serve``); yields
    the environment variable and value that the builds need to find them."""
    folder = Path(tempfile.mkdtemp(prefix="kerasdocs-zygotes-"))
    processes = [subprocess.Popen(
        [sys.executable, str(ZYGOTE), "--listen", str(folder / f"{backend}.sock")],
        env=kernel_environment(backend, env)) for backend in backends]
    try:
        yield SERVING, str(folder)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)

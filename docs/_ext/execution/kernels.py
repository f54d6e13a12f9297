"""Kernels for the pages: forked from a preloaded process per backend, or plain.

``Zygote(backend)`` starts ``zygote.py`` with that backend chosen; it imports
Keras and the backend once, then forks a new kernel for every page copy that
runs on that backend (``ForkedKernelManager``, through jupyter_client's
documented ``_launch_kernel`` hook). With ``KERASDOCS_ZYGOTE=0`` every kernel
is started from scratch instead, as Jupyter starts kernels (a test compares
both).

ipykernel's warning "Kernel is running over TCP without encryption" (once
per kernel, on loopback) says nothing a reader of the build log can act on:
kernels run with ``KERNEL_ARGUMENTS``, which keep their own log to errors.
(Filtering their standard error through a thread in the build would cost the
build its Ctrl-C: Python then never ran the SIGINT handler, measured here.)
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
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


class Zygote:
    """zygote.py, running for one backend: forks a kernel on request."""

    def __init__(self, backend: str) -> None:
        self.backend = backend
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
            raise RuntimeError(f"the {self.backend} kernel zygote ({ZYGOTE.name}) exited with "
                               f"status {self.process.wait()}; its error is above")
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
            zygote.process.kill()
        for pid in self.launched:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        for zygote in self.zygotes.values():
            zygote.close()
        self.zygotes.clear()

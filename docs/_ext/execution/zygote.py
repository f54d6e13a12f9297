"""A process that imports one Keras backend once and forks a fresh kernel per page.

Every page's kernel would otherwise spend 5-10 s importing Keras and its
backend (TensorFlow and tf_keras, JAX, or PyTorch). This process imports them
(and IPython's kernel) once, without running any of their code, then waits.
For each page it forks: the child is a new process holding modules that were
imported and never used, exactly as a fresh interpreter would hold them after
the same imports, and it starts an IPython kernel there with the connection
file Jupyter gave it. The page's cells, including the hidden set-up cell, then
run as in any kernel.

Started by kernels.py with KERAS_BACKEND set (backends.py): Keras reads it
when this process imports it. Two ways:

- ``python zygote.py FD``: for one build, with one end of a socket pair as
  file descriptor FD; it leaves when the build closes its end;
- ``python zygote.py --listen PATH``: for ``nox -s serve``, which rebuilds the
  site in a new process on every edit. It listens on the Unix socket PATH and
  answers one build after another, so an edit pays no backend import; it
  leaves when the process that started it does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import time

# printed when a serving zygote has imported its backend (tools/bench.py waits for it)
READY = "preloaded Keras on"

# What every page imports on each backend (see kernel_setup.py: TensorFlow on
# every backend, as keras.utils.set_random_seed imports it), in the order the
# set-up cell imports them: Keras first (PyTorch and then TensorFlow each load
# an LLVM; `import torch; import tensorflow` aborts the process with "LLVM
# ERROR: inconsistency in registered CommandLine options"), the kernel itself
# and the set-up cell's `glue` (IPython, nbformat: 0.1-0.3 s a kernel). Not
# matplotlib: it picks its backend when imported, and the kernel sets it.
KERNEL = ("ipykernel.kernelapp", "myst_nb.ext.glue")
PRELOAD = {
    "tensorflow": ("numpy", "keras", "tensorflow", "tf_keras", *KERNEL),
    "jax": ("numpy", "keras", "tensorflow", "jax", *KERNEL),
    "torch": ("numpy", "keras", "tensorflow", "torch", *KERNEL),
}


def preload() -> None:
    """Import PRELOAD with file descriptor 2 silenced: TensorFlow writes its
    start-up lines there (the kernels' own set-up cell does the same).

    The imported objects are then frozen out of the garbage collector's reach
    (``gc.freeze``, as the gc module's documentation advises before forking
    without exec): a kernel's collections would otherwise walk, and write to,
    every object of Keras and its backend, copying each page of memory they
    share with this process. Their scans cost each kernel CPU time that one
    Python process running every page pays once."""
    import gc
    import importlib

    gc.disable()  # until the fork: no freed holes in the pages kernels share

    # TensorFlow's imports import matplotlib, which reads MPLBACKEND once, when
    # imported. A kernel sets it (unless set already) before any cell runs, so
    # a page's matplotlib always saw it: so must the zygote's.
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        for name in PRELOAD[os.environ["KERAS_BACKEND"]]:
            importlib.import_module(name)
    finally:
        os.dup2(saved, 2)
        os.close(devnull)
        os.close(saved)
    gc.freeze()


def reap(_signum=None, _frame=None) -> None:
    """Collect finished kernels, so that they do not linger as zombies."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def become_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked child: turn into ``python -m ipykernel_launcher -f ...``."""
    import gc

    gc.enable()  # for the page's own objects; the preloaded ones stay frozen
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any kernel
    os.setsid()  # its own process group: Jupyter signals the group
    devnull = os.open(os.devnull, os.O_RDONLY)  # Jupyter gives a kernel no stdin
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["ipykernel_launcher", *argv[argv.index("ipykernel_launcher") + 1 :]]
    # ipykernel read JPY_PARENT_PID when the zygote imported it, before this
    # kernel's environment existed: pass it again. (The kernel then leaves
    # when the zygote does, which leaves when the build does.)
    if parent := env.get("JPY_PARENT_PID"):
        sys.argv.append(f"--IPKernelApp.parent_handle={parent}")
    # as ipykernel_launcher does: this script's folder is not on the path
    sys.path[:] = [p for p in sys.path if p not in ("", os.path.dirname(__file__))]
    # The build's PYTHONPATH (examples/, for helper modules the pages import)
    # comes first, as it would in a fresh interpreter: a zygote that serves
    # several builds was started with another one.
    wanted = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:] = wanted + [p for p in sys.path if p not in wanted]
    from ipykernel import kernelapp

    status = 0
    try:
        kernelapp.launch_new_instance()
    except BaseException:  # noqa: BLE001  (report it, then leave without unwinding)
        import traceback

        traceback.print_exc()
        status = 1
    os._exit(status)  # never return into the zygote's loop


def answer(channel: socket.socket, *others: socket.socket) -> None:
    """Answer one build's requests on `channel`: a JSON line [argv, env, cwd]
    asks for a kernel, the reply is the kernel's process id; end of file ends
    the build's session. `others` are closed in the kernels."""
    with channel.makefile("rw") as stream:
        for line in stream:
            argv, env, cwd = json.loads(line)
            pid = os.fork()
            if pid == 0:
                stream.close()
                for sock in (channel, *others):
                    sock.close()
                become_kernel(argv, env, cwd)
            stream.write(f"{pid}\n")
            stream.flush()


def serve(fd: int) -> None:
    """Serve one build, on the socket `fd`."""
    # Ctrl-C in the terminal reaches the whole process group: the build stops
    # the zygote itself (end of file), and its kernels lead their own sessions.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()
    signal.signal(signal.SIGCHLD, reap)
    with socket.socket(fileno=fd) as channel:
        answer(channel)
    # At once, as listen() does: unloading the backends' modules takes seconds,
    # and with the frozen objects never collected, Triton (under PyTorch)
    # would print hundreds of lines of "nanobind: leaked ..." as it unloads.
    os._exit(0)


def listen(path: str) -> None:
    """Serve one build after another on the Unix socket `path`, until the
    process that started this one is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # its starter stops it
    parent = os.getppid()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)  # before the imports: a build may connect at once, and
    server.listen()    # its first request is answered when they are done
    start = time.monotonic()
    preload()
    sys.stderr.write(f"[kerasdocs] {READY} {os.environ['KERAS_BACKEND']} in "
                     f"{time.monotonic() - start:.0f} s: an edited example runs without "
                     "importing it again\n")
    signal.signal(signal.SIGCHLD, reap)
    server.settimeout(1.0)
    with server:
        while os.getppid() == parent:
            try:
                channel, _ = server.accept()
            except TimeoutError:
                continue
            channel.settimeout(None)
            with channel:
                answer(channel, server)
    os._exit(0)  # at once: unloading the backends' modules takes seconds, for nothing


if __name__ == "__main__":
    if sys.argv[1] == "--listen":
        listen(sys.argv[2])
    else:
        serve(int(sys.argv[1]))

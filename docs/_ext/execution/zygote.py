"""A process that imports one Keras backend once and forks a fresh kernel per page.

Every page's kernel would otherwise spend 5-10 s importing Keras and its
backend (TensorFlow and tf_keras, JAX, or PyTorch). This process imports them
(and IPython's kernel) once, without running any of their code, then waits.
For each page it forks: the child is a new process holding modules that were
imported and never used, exactly as a fresh interpreter would hold them after
the same imports, and it starts an IPython kernel there with the connection
file Jupyter gave it. The page's cells, including the hidden set-up cell, then
run as in any kernel.

Started by kernels.py as ``python zygote.py FD``, with one end of a socket
pair as file descriptor FD, and KERAS_BACKEND set (backends.py): Keras reads
it when this process imports it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys

# What every page imports on each backend (see kernel_setup.py: TensorFlow on
# every backend, as keras.utils.set_random_seed imports it), in the order the
# set-up cell imports them: Keras first (PyTorch and then TensorFlow each load
# an LLVM; `import torch; import tensorflow` aborts the process with "LLVM
# ERROR: inconsistency in registered CommandLine options"), and the kernel
# itself. Not matplotlib: it picks its backend when imported, and the kernel
# sets it.
PRELOAD = {
    "tensorflow": ("numpy", "keras", "tensorflow", "tf_keras", "ipykernel.kernelapp"),
    "jax": ("numpy", "keras", "tensorflow", "jax", "ipykernel.kernelapp"),
    "torch": ("numpy", "keras", "tensorflow", "torch", "ipykernel.kernelapp"),
}


def preload() -> None:
    """Import PRELOAD with file descriptor 2 silenced: TensorFlow writes its
    start-up lines there (the kernels' own set-up cell does the same)."""
    import importlib

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


def reap(_signum=None, _frame=None) -> None:
    """Collect finished kernels, so that they do not linger as zombies."""
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def become_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the forked child: turn into ``python -m ipykernel_launcher -f ...``."""
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
    from ipykernel import kernelapp

    status = 0
    try:
        kernelapp.launch_new_instance()
    except BaseException:  # noqa: BLE001  (report it, then leave without unwinding)
        import traceback

        traceback.print_exc()
        status = 1
    os._exit(status)  # never return into the zygote's loop


def serve(fd: int) -> None:
    """Answer requests on the socket `fd`: a JSON line [argv, env, cwd] asks
    for a kernel, the reply is the kernel's process id; end of file stops."""
    # Ctrl-C in the terminal reaches the whole process group: the build stops
    # the zygote itself (end of file), and its kernels lead their own sessions.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    preload()
    signal.signal(signal.SIGCHLD, reap)
    with socket.socket(fileno=fd) as channel, channel.makefile("rw") as stream:
        for line in stream:
            argv, env, cwd = json.loads(line)
            pid = os.fork()
            if pid == 0:
                stream.close()
                channel.close()
                become_kernel(argv, env, cwd)
            stream.write(f"{pid}\n")
            stream.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]))

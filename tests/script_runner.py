"""Run example scripts as `python examples/x.py` would, without paying for the
imports every time.

``ScriptRunner(backend)`` starts one Python process with ``KERAS_BACKEND`` set,
which imports what every example imports (the same list, in the same order, as
the build's kernel zygotes: docs/_ext/execution/zygote.py), then forks a child
per script. The child is a fresh ``__main__`` program: ``sys.argv`` and
``sys.path[0]`` as Python sets them for a script, its own working folder, file
descriptors 1 and 2 captured (so output written below Python is caught too),
exit status 1 and a traceback on stderr for an uncaught exception.

Run as a script, it is that process (``python script_runner.py``: requests
and replies are JSON lines on stdin/stdout).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ZYGOTE = ROOT / "docs" / "_ext" / "execution" / "zygote.py"


class ScriptRunner:
    def __init__(self, backend: str) -> None:
        env = {**os.environ, "KERAS_BACKEND": backend, "MPLBACKEND": "Agg",
               "TF_CPP_MIN_LOG_LEVEL": "3"}
        self.backend = backend
        self.process = subprocess.Popen([sys.executable, __file__], env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, script: Path, cwd: Path) -> subprocess.CompletedProcess:
        self.process.stdin.write(json.dumps([str(script), str(cwd)]) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.backend} script runner died "
                               f"(status {self.process.wait()})")
        status, out, err = json.loads(line)
        return subprocess.CompletedProcess([sys.executable, str(script)], status, out, err)

    def close(self) -> None:
        self.process.stdin.close()  # end of input: the runner leaves
        self.process.wait(timeout=60)
        self.process.stdout.close()


def _serve() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("zygote", ZYGOTE)
    zygote = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(zygote)
    # the kernels' own imports, minus the kernel's
    zygote.PRELOAD = {k: tuple(m for m in v if m not in zygote.KERNEL)
                      for k, v in zygote.PRELOAD.items()}
    zygote.preload()
    for request in sys.stdin:
        script, cwd = json.loads(request)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            pid = os.fork()
            if pid == 0:
                _child(script, cwd, out.fileno(), err.fileno())
            _, status = os.waitpid(pid, 0)
            texts = []
            for f in (out, err):
                f.seek(0)
                texts.append(f.read().decode(errors="replace"))
        print(json.dumps([os.waitstatus_to_exitcode(status), *texts]), flush=True)
    os._exit(0)  # as the zygote leaves: no unloading of the frozen modules


def _child(script: str, cwd: str, out: int, err: int) -> None:
    import gc
    import runpy
    import traceback

    gc.enable()  # preload() left it off, as a kernel's zygote does
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.chdir(cwd)
    sys.argv = [script]
    sys.path[0] = os.path.dirname(script)  # as for `python script`
    status = 0
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    except BaseException:  # noqa: BLE001  (as the interpreter reports it)
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    _serve()

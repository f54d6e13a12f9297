"""`nox -s serve`: an edit reaches the browser, and no rebuild starts Python again.

One `tools/sitebuild.py --serve` for the module, on a copy of the sources and
of the session site's cache. It uses the session's preloaded kernel processes
(`zygotes`), as it would use its own. Every Python process started under it
writes its command line to a log (tools/kernel_counter/sitecustomize.py). The
edits are saved as a reader would save them, and each test waits for
sphinx-autobuild to tell the browser to reload. The seconds an edit takes are
`nox -s bench`'s business: on a busy CI machine a time limit here would be flaky.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

import example_sections
from bench import interrupt
from conftest import copy_sources, counting_env, new_build


@dataclass
class Served:
    root: Path  # the copy of the sources it watches
    html: Path  # its English site
    port: int
    log: Path  # its output
    kernels: Path  # a line per kernel started
    processes: Path  # a line per Python process started

    def edit_and_wait(self, path: Path, addition: str) -> tuple[int, list[str]]:
        """Append `addition` to `path`, wait for the browser's reload; the
        kernels and the Python processes started meanwhile."""
        from websockets.sync.client import connect

        kernels = len(self.kernels.read_text().splitlines())
        processes = len(self.processes.read_text().splitlines())
        with connect(f"ws://127.0.0.1:{self.port}/websocket-reload") as reload:
            path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
            try:
                assert reload.recv(timeout=300) == "refresh"
            except TimeoutError:
                pytest.fail(f"no reload within 300 s of editing {path.name}:\n{self.output()}")
        return (len(self.kernels.read_text().splitlines()) - kernels,
                self.processes.read_text().splitlines()[processes:])

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def served(site, zygotes, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    root = copy_sources(tmp / "src")
    build = new_build(tmp / "out", root=root)
    shutil.copytree(site.cache, build.cache)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    served = Served(root, build.out / "en", port, tmp / "serve.log", tmp / "kernels.log",
                    tmp / "processes.log")
    served.kernels.write_text("")
    served.processes.write_text("")
    env = counting_env(served.kernels, {**os.environ,
                                        "KERASDOCS_PROCESS_LOG": str(served.processes)})
    with served.log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, str(root / "tools" / "sitebuild.py"), "--serve", "--port", str(port),
             "--out", str(build.out), "--cache", str(build.cache),
             "--doctrees", str(build.doctrees)],
            env=env, cwd=root, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "Waiting to detect changes" not in served.output():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`nox -s serve` did not start:\n{served.output()}")
            time.sleep(0.2)
        wait_for_server(port, deadline)
        time.sleep(1)  # its file watcher starts with the server
        yield served
    finally:
        if not interrupt(process):
            pytest.fail(f"`nox -s serve` did not stop on Ctrl-C:\n{served.output()}")


def wait_for_server(port: int, deadline: float) -> None:
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def sphinx_starts(processes: list[str]) -> list[str]:
    return [line for line in processes if " sphinx" in line or "sphinx-build" in line]


def test_a_prose_edit_reaches_the_page_and_executes_nothing(served):
    mark = "A sentence added while serving."
    kernels, processes = served.edit_and_wait(served.root / "docs" / "shared-layers.md",
                                              f"\n{mark}\n")
    assert mark in (served.html / "shared-layers.html").read_text(encoding="utf-8")
    assert kernels == 0
    assert processes == [], "a prose edit started Python processes"
    assert "Sphinx exited" not in served.output()


def test_an_example_edit_runs_its_cells_on_each_backend_in_a_forked_build(served):
    example = served.root / "examples" / "embedding_table.py"
    assert not example_sections.read_sections(example)[-1].raises  # the print runs
    mark = "printed by a line added while serving"
    kernels, processes = served.edit_and_wait(example, f'\nprint("{mark}")\n')
    page = (served.html / "embedding-vs-input.html").read_text(encoding="utf-8")
    assert page.count(mark) >= 2  # the code, and its output
    assert kernels == len(example_sections.read_header(example).backends)
    # The kernels are forked from the preloaded processes, and so is Sphinx
    # (tools/preloaded_sphinx.py): sphinx-autobuild alone starts
    # `python -m sphinx build` for every rebuild.
    assert sphinx_starts(processes) == [], processes
    assert "Sphinx exited" not in served.output()


def test_the_process_log_sees_a_sphinx_build_started_as_a_new_process(tmp_path):
    """The check above can fail: a build started the usual way is logged."""
    log = tmp_path / "processes.log"
    log.write_text("")
    subprocess.run([sys.executable, "-m", "sphinx", "--version"], check=True,
                   capture_output=True, env=counting_env(
                       tmp_path / "kernels.log", {**os.environ, "KERASDOCS_PROCESS_LOG": str(log)}))
    assert sphinx_starts(log.read_text().splitlines())

"""Measure the build against the naive one (``nox -s bench``).

    python tools/bench.py            # everything, with the time targets
    python tools/bench.py --quick    # no naive build; check kernel counts only (CI)

On a scratch copy of the sources, with a throwaway cache, it times:

- cold:     this project's build of both languages (tools/sitebuild.py), every
            page on every backend its examples declare;
- naive:    the same pages built the way a typical myst-nb project would build
            them: no cache shared between the languages, one language after
            the other, each executing every page copy itself, one at a time,
            each in a kernel started from scratch (KERASDOCS_JOBS=1,
            KERASDOCS_ZYGOTE=0: myst-nb alone cannot run a page per backend);
- no-op:    the project's build again, nothing changed;
- prose:    after editing a sentence of one page;
- example:  after editing one example's code;
- the limit: all the pages' code run in one Python process per backend, the
            processes all at once, no kernel, no Sphinx,

cold and the limit twice each, alternately (cold, limit, cold, limit), the
faster of each counting: the same build's time drifted by up to 40% within
an hour on a 2-core VM (2026-12-07). It counts the Jupyter kernels each one
starts, with tools/kernel_counter/sitecustomize.py (independent of any log
wording). It
prints a table, then the targets, and exits non-zero if one is missed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import example_sections  # noqa: E402
import kerasdocs  # noqa: E402
import sitebuild  # noqa: E402
from example_sections import BACKENDS  # noqa: E402
from execution.zygote import READY  # noqa: E402

KERNEL_COUNTER = ROOT / "tools" / "kernel_counter"
LANGUAGES = list(sitebuild.LANGUAGES)
EDITED_PAGE = "shared-layers"
PROSE_MARK = "A sentence added by the benchmark."
CODE_MARK = "printed by a line the benchmark added"
SERVE_MARK = "added while serving"
SERVE_SECONDS = 8.0  # an edit reaches the browser within this, in `nox -s serve`


def counting_env(log: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a build whose kernel starts are written to `log`."""
    env = dict(os.environ if env is None else env)
    env["KERASDOCS_KERNEL_LOG"] = str(log)
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(KERNEL_COUNTER), env.get("PYTHONPATH")]))
    return env


@dataclass
class Run:
    name: str
    seconds: float
    kernels: int
    expected: int | None = None  # kernel starts it should take


def interrupt(process: subprocess.Popen) -> bool:
    """Ctrl-C to `process`'s group (started with start_new_session), as in
    its terminal; False if it had not stopped after 30 s and was killed."""
    os.killpg(process.pid, signal.SIGINT)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return False
    return True


def copy_sources(target: Path) -> Path:
    """What a build reads (docs/, examples/, tools/, pyproject.toml), copied to
    target, to edit without touching the repository."""
    for name in ("docs", "examples", "tools"):
        shutil.copytree(ROOT / name, target / name,
                        ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", target)
    return target


class Bench:
    def __init__(self, work: Path) -> None:
        self.src = copy_sources(work / "src")
        self.work = work
        self.runs: list[Run] = []

    def timed(self, name: str, commands: list[list[str]], env: dict[str, str]) -> Run:
        log = self.work / f"kernels-{len(self.runs)}.log"
        log.write_text("")
        env = counting_env(log, env)
        print(f"-- {name}", flush=True)
        start = time.perf_counter()
        for command in commands:
            result = subprocess.run(command, env=env, cwd=self.src,
                                    capture_output=True, text=True)
            if result.returncode:
                sys.exit(f"{name}: the build failed\n{result.stdout}\n{result.stderr}")
        run = Run(name, time.perf_counter() - start, len(log.read_text().splitlines()))
        self.runs.append(run)
        print(f"   {run.seconds:.1f} s, {run.kernels} kernel start(s)", flush=True)
        return run

    def project(self, name: str, folder: str = "project") -> Run:
        out = self.work / folder
        return self.timed(name, [[
            sys.executable, str(self.src / "tools" / "sitebuild.py"),
            "--out", str(out / "html"), "--cache", str(out / "cache"),
            "--doctrees", str(out / "doctrees")]], dict(os.environ))

    def naive(self) -> Run:
        out = self.work / "naive"
        commands = [[sys.executable, str(self.src / "tools" / "sitebuild.py"),
                     "--language", language, "--out", str(out / "html"),
                     "--cache", str(out / f"cache-{language}"),  # nothing shared
                     "--doctrees", str(out / "doctrees")] for language in LANGUAGES]
        env = dict(os.environ, KERASDOCS_JOBS="1", KERASDOCS_ZYGOTE="0")
        return self.timed("naive", commands, env)

    def one_process(self, pages: list[str]) -> Run:
        """The limit: every page's code in one Python process per backend (one
        import of each backend, no kernels, no Sphinx), the processes all at
        once (on two cores, 76 s, against 78 s two at a time: 2026-12-07)."""
        by_backend: dict[str, list[str]] = {}
        for page in pages:
            text = (self.src / "docs" / f"{page}.md").read_text(encoding="utf-8")
            _, used = kerasdocs.expand_examples(page, text)
            for path in sorted(used, key=lambda p: text.index(p.name)):
                for backend in example_sections.read_header(path).backends:
                    by_backend.setdefault(backend, []).append(str(path))
        name = "one process per backend (the limit)"
        print(f"-- {name}", flush=True)
        start = time.perf_counter()
        processes = {}
        for backend, files in by_backend.items():
            with open(self.work / f"limit-{backend}.log", "w") as log:  # the child keeps it
                processes[backend] = subprocess.Popen(
                    [sys.executable, str(Path(__file__)), "--run-examples", *files],
                    env=dict(os.environ, MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="3",
                             KERAS_BACKEND=backend, PYTHONPATH=str(self.src / "examples")),
                    cwd=self.src, stdout=subprocess.DEVNULL, stderr=log)
        for backend, process in processes.items():
            if process.wait():
                log = (self.work / f"limit-{backend}.log").read_text()
                sys.exit(f"{name}: failed on {backend}\n{log}")
        run = Run(name, time.perf_counter() - start, 0)
        self.runs.append(run)
        print(f"   {run.seconds:.1f} s", flush=True)
        return run

    def serve(self, pages: list[str], every_example: bool = False) -> list[Run]:
        """`nox -s serve` (English only), started on a copy of the cold build's
        cache, as for a reader who built the site before: for a prose edit, and
        for an example edit on each page (`every_example`: of every example),
        the seconds from saving the file to sphinx-autobuild telling the
        browser to reload, and the kernels started."""
        from websockets.sync.client import connect

        out = self.work / "serve"
        shutil.copytree(self.work / "project" / "cache", out / "cache")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        log, kernels = out / "serve.log", out / "kernels.log"
        kernels.write_text("")
        with open(log, "w") as output:
            process = subprocess.Popen(
                [sys.executable, str(self.src / "tools" / "sitebuild.py"), "--serve",
                 "--port", str(port), "--out", str(out / "html"), "--cache", str(out / "cache"),
                 "--doctrees", str(out / "doctrees")],
                env=counting_env(kernels), cwd=self.src, stdout=output,
                stderr=subprocess.STDOUT, start_new_session=True)
        runs = []
        try:
            print("-- nox -s serve: the first build", flush=True)
            deadline = time.monotonic() + 900
            while ("Serving on" not in (text := log.read_text(errors="replace"))
                   or text.count(READY) < len(BACKENDS)):  # a reader edits after a while
                if process.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"serve: no first build\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
            # (what, page, its mark, times the page shows it, the edit)
            edits = [("prose edit", EDITED_PAGE, SERVE_MARK, 1,
                      lambda: self.edit_prose(SERVE_MARK) or 0)]
            if every_example:
                edits += [(f"example edit ({path.name})", page, f"{SERVE_MARK} #{n}.", 2,
                           lambda path=path, n=n: self.edit_file(path, f"{SERVE_MARK} #{n}."))
                          for n, (page, path) in enumerate(
                              (page, path) for page in pages for path in shown_examples(page))]
            else:
                edits += [(f"example edit ({page})", page, SERVE_MARK, 2,
                           lambda page=page: self.edit_example(page, SERVE_MARK))
                          for page in pages]
            for name, page, mark, times, edit in edits:
                started = len(kernels.read_text().splitlines())
                with connect(f"ws://127.0.0.1:{port}/websocket-reload") as reload:
                    start = time.perf_counter()
                    expected = edit()
                    reload.recv(timeout=600)  # "refresh": the browser reloads
                    seconds = time.perf_counter() - start
                html = (out / "html" / "en" / f"{page}.html").read_text(encoding="utf-8")
                if html.count(mark) < times:  # an example's print: its code and output
                    sys.exit(f"serve, {name}: the reloaded page does not show the edit\n"
                             f"{log.read_text(errors='replace')[-3000:]}")
                run = Run(f"`nox -s serve`, {name}, to the browser's reload", seconds,
                          len(kernels.read_text().splitlines()) - started, expected)
                print(f"   {name}: {run.seconds:.1f} s, {run.kernels} kernel start(s)", flush=True)
                runs.append(run)
                time.sleep(1)  # sphinx-autobuild is idle again
        finally:
            interrupt(process)
        self.runs += runs
        return runs

    def html(self, language: str, page: str) -> str:
        path = self.work / "project" / "html" / language / f"{page}.html"
        return path.read_text(encoding="utf-8")

    def edit_prose(self, mark: str = PROSE_MARK) -> None:
        page = self.src / "docs" / f"{EDITED_PAGE}.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n{mark}\n",
                        encoding="utf-8")

    def edit_file(self, path: Path, mark: str) -> int:
        """Add a print to the example `path`'s last section (at its start if
        it raises); returns the number of backends it runs on."""
        copy = self.src / "examples" / path.name
        text = copy.read_text(encoding="utf-8")
        if kerasdocs.read_sections(copy)[-1].raises:
            start = text.index("\n", text.rindex("\n# %%") + 1) + 1
            text = text[:start] + f'print("{mark}")\n' + text[start:]
        else:
            text += f'\nprint("{mark}")\n'
        copy.write_text(text, encoding="utf-8")
        return len(example_sections.read_header(copy).backends)

    def edit_example(self, page: str = EDITED_PAGE, mark: str = CODE_MARK) -> int:
        """Add a print to the end of the first example the page shows whose
        last section does not raise (the print would never run); returns the
        number of backends it runs on."""
        text = (self.src / "docs" / f"{page}.md").read_text(encoding="utf-8")
        _, files = kerasdocs.expand_examples(page, text)
        for path in sorted(files, key=lambda p: text.index(p.name)):
            if not kerasdocs.read_sections(path)[-1].raises:  # raises on no backend
                copy = self.src / "examples" / path.name
                copy.write_text(copy.read_text(encoding="utf-8")
                                + f'\nprint("{mark}")\n', encoding="utf-8")
                return len(example_sections.read_header(copy).backends)
        sys.exit(f"{page}: no example to edit")


def shown_examples(page: str) -> list[Path]:
    """The examples a page shows, in the order it shows them."""
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    _, used = kerasdocs.expand_examples(page, text)
    return sorted(used, key=lambda path: text.index(path.name))


def page_backends(page: str) -> set[str]:
    text = (ROOT / "docs" / f"{page}.md").read_text(encoding="utf-8")
    _, used = kerasdocs.expand_examples(page, text)
    return {b for path in used for b in example_sections.read_header(path).backends}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
    if names:
        cpu = names[0]
    with open("/proc/meminfo", encoding="utf-8") as f:
        kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {kib / 2**20:.0f} GiB, Python "
            f"{platform.python_version()}, {platform.system()}; load average before: {load}")


def run_examples(paths: list[str]) -> None:
    """Run examples one after the other in this process, each in its own
    namespace; a section declared to raise must raise that error."""
    import contextlib
    import io

    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    for path in map(Path, paths):
        namespace: dict = {"__name__": "__main__"}
        for section in kerasdocs.read_sections(path):
            with contextlib.redirect_stdout(io.StringIO()):
                try:
                    exec(compile(section.code, f"{path.name}#{section.name}", "exec"), namespace)
                except Exception as error:
                    if type(error).__name__ != section.raises_on(backend):
                        raise


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] == ["--run-examples"]:
        run_examples(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the naive build and check kernel counts only")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--every-example", action="store_true",
                        help="in `nox -s serve`, edit every example, not one per page")
    args = parser.parse_args(argv)
    pages = [p.stem for p in sorted((ROOT / "docs").glob("*.md"))
             if kerasdocs.is_notebook(p.read_text(encoding="utf-8"))]
    about = machine()
    work = Path(tempfile.mkdtemp(prefix="kerasdocs-bench-"))
    try:
        bench = Bench(work)
        cold = bench.project("cold")
        if not args.quick:  # each twice, alternately: this machine's speed drifts
            limits = [bench.one_process(pages)]
            colds = [cold, bench.project("cold, again (another cache)", "project-again")]
            limits.append(bench.one_process(pages))
        noop = bench.project("no-op")
        bench.edit_prose()
        prose = bench.project("prose edit")
        edited = bench.edit_example()
        example = bench.project("example edit")
        updated = [lang for lang in LANGUAGES if CODE_MARK in bench.html(lang, EDITED_PAGE)]
        served = bench.serve(pages, args.every_example)
        naive = None if args.quick else bench.naive()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nMachine: {about}\nExecuted pages: {len(pages)} ({', '.join(pages)}); "
          f"languages: {', '.join(LANGUAGES)}\n")
    print("| build | seconds | kernel starts |\n| --- | ---: | ---: |")
    for run in bench.runs:
        print(f"| {run.name} | {run.seconds:.1f} | {run.kernels} |")

    copies = sum(len(page_backends(page)) for page in pages)
    targets = [
        (f"cold build starts one kernel per page and backend ({copies})",
         cold.kernels == copies, True),
        ("a no-op rebuild starts no kernel", noop.kernels == 0, True),
        ("a prose edit starts no kernel", prose.kernels == 0, True),
        (f"an example edit starts one kernel per backend of its page that it runs on ({edited})",
         example.kernels == edited, True),
        ("... and updates both languages", updated == LANGUAGES, True),
        *[(f"{run.name}: <= {SERVE_SECONDS:.0f} s ({run.seconds:.1f} s)",
           run.seconds <= SERVE_SECONDS, False) for run in served],
        ("`nox -s serve`: an example edit starts one kernel per backend it runs on, "
         "a prose edit none", all(run.kernels == run.expected for run in served), True),
        (f"a prose edit takes <= 1.3x a no-op rebuild "
         f"({prose.seconds / noop.seconds:.2f}x)", prose.seconds <= 1.3 * noop.seconds, False),
    ]
    if naive:
        cold = min(colds, key=lambda run: run.seconds)
        limit = min(limits, key=lambda run: run.seconds)
        targets += [
            (f"naive build starts a kernel per page, backend and language "
             f"({copies * len(LANGUAGES)})", naive.kernels == copies * len(LANGUAGES), True),
            (f"cold build (the faster of two) <= 0.25x the naive one "
             f"({cold.seconds / naive.seconds:.2f}x)",
             cold.seconds <= 0.25 * naive.seconds, False),
            (f"cold build <= 1.5x the one-process-per-backend limit, the faster of two "
             f"of each ({cold.seconds / limit.seconds:.2f}x)",
             cold.seconds <= 1.5 * limit.seconds, False),
        ]
    print()
    failed = False
    for text, met, counted in targets:
        checked = counted or not args.quick  # --quick checks the kernel counts only
        print(f"[{'met' if met else 'MISSED' if checked else 'missed, not checked'}] {text}")
        failed |= checked and not met
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

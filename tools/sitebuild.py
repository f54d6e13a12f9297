"""Build the site: English, then Chinese, into one output tree.

    python tools/sitebuild.py                 # build/html/{en,zh_CN}/ + index.html
    python tools/sitebuild.py --serve         # live-reload the English site
    python tools/sitebuild.py --gettext       # refresh docs/locales/zh_CN/*.po
    python tools/sitebuild.py --rtd           # on Read the Docs (.readthedocs.yaml)

The two languages are built one after the other, never at once: they share one
jupyter-cache (an SQLite database), so the English build executes each page and
the Chinese build reuses its outputs. nox's `docs`, `serve` and `translations`
sessions and the test suite all build through this file.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}


def sphinx_args(out: Path, language: str, doctrees: Path) -> list[str]:
    return [
        "-b", "html",
        "-n",  # nitpicky: warn on every reference that does not resolve
        "-W",  # warnings are errors: a stray stderr output, a broken link, ...
        "--keep-going",  # ...but report all of them before failing
        "-q",  # print warnings and errors only
        "-D", f"language={language}",
        "-d", str(doctrees / language),
        str(DOCS),
        str(out / language),
    ]


def build_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["KERASDOCS_CACHE"] = str(cache)
    # the kernels import helpers such as examples/layer_graph.py, as the
    # scripts do when run from examples/
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "examples"), env.get("PYTHONPATH", "")) if p
    )
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # a debugger warning on stderr
    if rtd_version := env.get("READTHEDOCS_VERSION"):
        env["KERASDOCS_RTD_VERSION"] = rtd_version
    return env


ROOT_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keras, run and explained · Keras 跑给你看</title>
<meta name="description" content="Four Keras ideas, explained and proved by running code, in English and Chinese.">
<link rel="icon" href="en/_static/favicon.svg">
<style>
body {{ font-family: system-ui, sans-serif; max-width: 36rem; margin: 12vh auto; padding: 0 1rem; color: #1f2328; }}
h1 {{ font-size: 1.6rem; }}
ul {{ list-style: none; padding: 0; display: flex; gap: 1rem; }}
a {{ display: block; line-height: 1.5; padding: .8rem 1.4rem; border: 1px solid #d0d7de; border-radius: .5rem; text-decoration: none; color: #0550ae; font-size: 1.15rem; }}
a:hover, a:focus {{ background: #f3f6fa; }}
@media (prefers-color-scheme: dark) {{
  body {{ background: #131416; color: #e6edf3; }}
  a {{ color: #79b8ff; border-color: #3d444d; }}
  a:hover, a:focus {{ background: #1f2428; }}
}}
</style>
</head>
<body>
<h1>Keras, run and explained · <span lang="zh-CN">Keras 跑给你看</span></h1>
<p>Choose a language · <span lang="zh-CN">选择语言</span></p>
<ul>
{links}
</ul>
</body>
</html>
"""


def write_root_index(out: Path) -> None:
    links = "\n".join(
        f'<li><a href="{code}/index.html" hreflang="{code.replace("_", "-")}" '
        f'lang="{code.replace("_", "-")}">{html.escape(label)}</a></li>'
        for code, label in LANGUAGES.items()
    )
    (out / "index.html").write_text(ROOT_INDEX.format(links=links), encoding="utf-8")


def extract_messages(pot: Path, doctrees: Path, env: dict[str, str]) -> None:
    """Write the English messages of every page and of the interface to pot/."""
    run([sys.executable, "-m", "sphinx", "-b", "gettext", "-q",
         "-D", "nb_execution_mode=off",  # messages are the text: nothing needs to run
         "-d", str(doctrees / "gettext"), str(DOCS), str(pot)], env)
    add_theme_messages(pot / "sphinx.pot")


def add_theme_messages(sphinx_pot: Path) -> None:
    """Sphinx extracts interface strings only from our own templates; furo's
    ("Next", "Back to top", ...) are missing from Sphinx's Chinese catalog too.
    Add them to the same catalog, so the Chinese interface is complete."""
    import furo
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    with sphinx_pot.open("rb") as f:
        catalog = read_po(f)
    theme = Path(furo.__file__).parent / "theme" / "furo"
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        theme, method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.do,jinja2.ext.loopcontrols"}},
    ):
        if isinstance(message, str) and message.strip():
            catalog.add(message, locations=[(f"furo/{filename}", None)])
    sys.path.insert(0, str(DOCS / "_ext"))
    from downloads import NOTEBOOK_MESSAGES

    from i18n import HARDCODED_LABELS, POSSESSIVE

    for label in (*HARDCODED_LABELS, POSSESSIVE):  # written into the HTML without _()
        catalog.add(label, locations=[("docs/_ext/i18n.py", None)])
    for message in NOTEBOOK_MESSAGES:  # the downloaded notebook's note
        catalog.add(message, locations=[("docs/_ext/downloads.py", None)])
    sys.path.insert(0, str(DOCS))
    from conf import author

    catalog.add(author, locations=[("docs/conf.py", None)])  # the footer's copyright holder
    with sphinx_pot.open("wb") as f:
        write_po(f, catalog, width=79)


def drop_obsolete(locales: Path) -> None:
    """sphinx-intl keeps removed messages as '#~' entries; git keeps history."""
    from babel.messages.pofile import read_po, write_po

    for path in sorted(locales.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as f:
            catalog = read_po(f)
        if catalog.obsolete:
            with path.open("wb") as f:
                write_po(f, catalog, width=79, ignore_obsolete=True)


def check_cache(cache: Path) -> None:
    """A cache that cannot be read is moved aside (never deleted) and the
    build starts a new one, saying so: outputs are never served from it."""
    if not cache.exists():
        return
    from jupyter_cache import get_cache

    try:
        jc = get_cache(str(cache))
        for record in jc.list_cache_records():
            jc.get_cache_bundle(record.pk)  # reads every stored notebook
    except Exception as error:  # noqa: BLE001  (SQLite, JSON, missing files...)
        aside = cache.with_name(f"{cache.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
        cache.rename(aside)
        print(f"The execution cache {cache} could not be read "
              f"({type(error).__name__}: {str(error).splitlines()[0]}).\n"
              f"It was moved to {aside}; every page will be executed again.", flush=True)


def sphinx_build(args: list[str], env: dict[str, str]) -> None:
    """One Sphinx build, in this process: the second language does not pay
    again for starting Python and importing Sphinx and myst-nb (~1.5 s)."""
    from sphinx.cmd.build import build_main

    print("+ sphinx-build", " ".join(args), flush=True)
    os.environ.update(env)
    if status := build_main(args):
        sys.exit(status)


def run(cmd: list[str], env: dict[str, str]) -> None:
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, env=env, cwd=ROOT)
    if result.returncode:
        sys.exit(result.returncode)


def serve(out: Path, doctrees: Path, env: dict[str, str], port: int) -> None:
    """sphinx-autobuild, whose rebuilds run in a new process on every edit. Two
    kinds of preloaded process outlive the rebuilds: one per backend, so an
    edited example pays no import of Keras or its backend
    (docs/_ext/execution/kernels.py), and one that has imported Sphinx's
    libraries and forks each rebuild (preloaded_sphinx.py)."""
    sys.path.insert(0, str(DOCS / "_ext"))
    import preloaded_sphinx

    from example_sections import BACKENDS
    from execution.kernels import SERVING, forked, serving

    # Stopped by a signal rather than Ctrl-C: sphinx-autobuild and the preloaded processes stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with contextlib.ExitStack() as stack:
        if forked() and not env.get(SERVING):  # (the tests' session has its own)
            name, value = stack.enter_context(serving(list(BACKENDS), env))
            env = {**env, name: value}
        sphinx = stack.enter_context(preloaded_sphinx.started(env))
        print("+ sphinx-autobuild", " ".join(args := [
            *sphinx_args(out, "en", doctrees),
            "--watch", str(ROOT / "examples"),  # an edited example re-executes its page
            "--ignore", "*.mo",  # written into docs/locales by Chinese builds
            "--port", str(port)]), flush=True)
        try:
            preloaded_sphinx.sphinx_autobuild(args, sphinx)
        except KeyboardInterrupt:  # during the first build (later, sphinx-autobuild's own)
            pass


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "html")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / ".jupyter_cache",
                        help="jupyter-cache shared by both languages")
    parser.add_argument("--doctrees", type=Path, default=ROOT / "build" / "doctrees")
    parser.add_argument("--language", choices=LANGUAGES, action="append",
                        help="build only this language (repeatable)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--serve", action="store_true", help="live-reload the English site")
    parser.add_argument("--port", type=int, default=8000, help="with --serve")
    mode.add_argument("--gettext", action="store_true", help="refresh the .po files")
    mode.add_argument("--rtd", action="store_true",
                      help="on Read the Docs: build $READTHEDOCS_LANGUAGE into $READTHEDOCS_OUTPUT")
    args = parser.parse_args(argv)
    out, cache, doctrees = (p.resolve() for p in (args.out, args.cache, args.doctrees))
    env = build_env(cache)
    check_cache(cache)

    if args.serve:
        serve(out, doctrees, env, args.port)
        return
    if args.gettext:
        # The pictures' labels are messages too, read from the run: the English
        # build executes what the cache lacks first (usually nothing).
        sphinx_build(sphinx_args(out, "en", doctrees), env)
        pot = out.parent / "gettext"
        extract_messages(pot, doctrees, env)
        run(["sphinx-intl", "update", "-p", str(pot), "-l", "zh_CN",
             "-d", str(DOCS / "locales"), "-w", "79"], env)
        drop_obsolete(DOCS / "locales")
        print("\nNow translate every empty or '#, fuzzy' entry in docs/locales/zh_CN/.")
        return

    if args.rtd:
        language = {"en": "en", "zh-cn": "zh_CN"}[os.environ["READTHEDOCS_LANGUAGE"]]
        sphinx_build(sphinx_args(out, language, doctrees), env)
        shutil.copytree(out / language, Path(os.environ["READTHEDOCS_OUTPUT"]) / "html",
                        dirs_exist_ok=True)
        return

    for language in args.language or list(LANGUAGES):  # one after the other
        sphinx_build(sphinx_args(out, language, doctrees), env)
    write_root_index(out)
    print(f"\nThe site is built. Open: {out / 'index.html'}")


if __name__ == "__main__":
    main()

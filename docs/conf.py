"""Sphinx configuration: one file for both languages.

The English sources are built once per language (``-D language=zh_CN`` for
Chinese), each into its own folder, by ``tools/sitebuild.py``; both builds
share one jupyter-cache, so every page's code runs once.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

DOCS = Path(__file__).parent.resolve()
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

# -- Project information -------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information
project = "Keras, run and explained"
author = "The Keras, run and explained authors"
# The only date in the output. A reproducible build sets SOURCE_DATE_EPOCH
# (https://reproducible-builds.org/specs/source-date-epoch/); it then decides
# the year instead of the clock.
_year = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time())).tm_year
copyright = ("2026" if _year <= 2026 else f"2026–{_year}") + ", " + author  # noqa: A001

# -- General configuration -----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration
extensions = [
    # external
    "myst_nb",  # MyST Markdown pages, executed as notebooks
    "sphinx_copybutton",  # a copy button on every code cell
    "sphinx_design",  # dropdowns for the folded "Try it" answers
    "notfound.extension",  # a 404 page with absolute URLs (kerasdocs sets the prefix)
    # ours (docs/_ext)
    "kerasdocs",  # example sections, versions, language switch (loads "execution")
]
exclude_patterns = ["_build", "locales", "README.md"]
templates_path = ["_templates"]
nitpicky = True  # every reference must resolve (sitebuild also passes -n)

# -- Internationalisation ------------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/advanced/intl.html
language = "en"
locale_dirs = ["locales/"]
gettext_compact = False  # one catalog per page: a page's translation is reviewed alone
gettext_uuid = False
gettext_location = False  # line numbers in .po churn on every edit of the page

# -- Options for MyST-NB -------------------------------------------------------
# https://myst-nb.readthedocs.io/en/latest/configuration.html
nb_execution_mode = "cache"
# One cache for both languages (the code cells are identical), outside docs/ so
# sphinx-autobuild does not see it change. sitebuild sets the variable.
nb_execution_cache_path = os.environ.get(
    "KERASDOCS_CACHE", str(ROOT / "build" / ".jupyter_cache")
)
# A page's cells run in one kernel; the slowest page trains a small model in a
# few seconds after a ~6 s TensorFlow import. 120 s is ample on 2 cores, and a
# hung cell still fails the build within two minutes, naming the page.
nb_execution_timeout = int(os.environ.get("KERASDOCS_CELL_TIMEOUT", "120"))  # tests lower it
nb_execution_raise_on_error = True  # an unexpected exception fails the build
nb_execution_show_tb = True  # ...and prints the cell's traceback in the log
nb_output_stderr = "warn"  # stray stderr output is a warning, an error under -W
nb_merge_streams = True
# Tracebacks keep IPython's colours; the default "ipythontb" lexer chokes on
# TensorFlow's messages (and warns, which -W turns into a failed build).
nb_render_error_lexer = "myst-ansi"
# no "dollarmath": math would need MathJax from a CDN, and the site is offline
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Options for sphinx-copybutton ---------------------------------------------
# https://sphinx-copybutton.readthedocs.io/en/latest/use.html
# Copy code only: never the outputs below a cell, never a prompt.
copybutton_selector = "div.cell_input div.highlight pre"
copybutton_exclude = ".linenos, .gp, .go"

# -- Options for HTML output ---------------------------------------------------
# https://pradyunsg.me/furo/customisation/
html_theme = "furo"
html_title = "Keras, run and explained"
html_static_path = ["_static"]
html_css_files = ["kerasdocs.css"]
html_js_files = [("kerasdocs.js", {"defer": "defer"})]  # keyboard access to wide code
html_favicon = "_static/favicon.svg"
# Search: the home page and the glossary rank after the topic pages (see the file).
html_search_scorer = str(DOCS / "_ext" / "search_scorer.js")  # read from the cwd: absolute
html_last_updated_fmt = None
html_copy_source = False  # the page's source is in the repository, not the site
html_show_sourcelink = False
html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": True,
}
# Chinese search segments words with jieba (installed with the docs
# dependencies); without it Chinese text is not indexed at all.
# Sphinx's default for Chinese loads jieba's own dictionary a second time, as
# a user dictionary: 349,000 words added one by one, 2.5 s of every Chinese
# build, no-op ones included, for a dictionary jieba has already loaded (and
# with every word's count added twice to the total). No second load:
html_search_options = {"dict": ""}

# -- Read the Docs -------------------------------------------------------------
# https://docs.readthedocs.com/platform/stable/reference/environment-variables.html
# On Read the Docs each language is its own project at /<lang>/<version>/;
# the language switcher links there instead of to a sibling folder.
kerasdocs_rtd_version = os.environ.get("KERASDOCS_RTD_VERSION", "")
# The site's address, where it is known: downloaded notebooks link their
# glossary terms and cross-references to it (docs/_ext/downloads.py), and link
# previews give it in og:url (docs/_ext/link_previews.py; relative elsewhere).
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")


"""The comments of the example code, as translatable messages.

A comment is prose: the Chinese site shows the examples with Chinese comments,
as d2l-zh does. The code itself never changes, and nothing runs again: the
translation is applied to the code a page *displays* (its cells, their copy
buttons, its downloads), after the English build has executed it.

A message is a block of comment lines: full-line comments on consecutive lines,
at the same indentation, joined into one paragraph (the translator sees one
sentence, not its line breaks), or one comment that ends a line of code. The
translated block is wrapped again to the width the English one had, counting a
Chinese character as two columns. Section markers (``# %% name``) and tool
pragmas (``# noqa``, ``# type:``) are not prose and stay as they are.
"""

from __future__ import annotations

import io
import tokenize
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

NOT_PROSE = ("%%", "noqa", "type:", "pragma", "fmt:")
WIDTH = 88  # the longest line an example may have (ruff's line-length)


@dataclass(frozen=True)
class Block:
    """One message: the comment lines it covers (1-based, inclusive), the
    column its ``#`` starts at, and whether it follows code on its line."""

    text: str
    first: int
    last: int
    column: int
    inline: bool


def _is_prose(comment: str) -> bool:
    return not comment[1:].strip().startswith(NOT_PROSE) and bool(comment[1:].strip())


def blocks(code: str) -> list[Block]:
    """The comment blocks of `code`, in order."""
    found: list[Block] = []
    lines = code.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type != tokenize.COMMENT or not _is_prose(token.string):
            continue
        line, column = token.start
        inline = bool(lines[line - 1][:column].strip())
        text = token.string[1:].strip()
        previous = found[-1] if found else None
        if (not inline and previous is not None and not previous.inline
                and previous.last == line - 1 and previous.column == column):
            found[-1] = Block(f"{previous.text} {text}", previous.first, line, column, False)
        else:
            found.append(Block(text, line, line, column, inline))
    return found


def messages(code: str) -> list[str]:
    """The texts to translate, in order, each once."""
    return list(dict.fromkeys(block.text for block in blocks(code)))


def width(text: str) -> int:
    """Columns `text` takes in a monospaced font: wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """Break `text` into lines of at most `columns` columns: between words for
    Latin text, between any two characters of Chinese (never before Chinese
    closing punctuation)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if line and width(line + piece) > columns:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _pieces(text: str) -> list[str]:
    """Units that may not be broken: a Latin word with the spaces before it,
    or one Chinese character with any closing punctuation after it."""
    pieces: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        closing = char in "，。、；：？！）》」』”’…"
        if pieces and (closing or (not wide and not char.isspace()
                                   and not _wide(pieces[-1][-1]))):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def translate(code: str, gettext: Callable[[str], str]) -> str:
    """`code` with each comment block replaced by its translation (a block
    without one stays as it is). Only comments change: the tokens of the code
    are the same, so it runs exactly as the original."""
    lines = code.splitlines(keepends=True)
    for block in reversed(blocks(code)):
        translated = gettext(block.text)
        if not translated or translated == block.text:
            continue
        if block.inline:
            line = lines[block.first - 1]
            end = "\n" if line.endswith("\n") else ""
            lines[block.first - 1] = f"{line[:block.column]}# {translated}{end}"
            continue
        indent = lines[block.first - 1][:block.column]
        longest = max(width(lines[n - 1].rstrip("\n")) for n in range(block.first, block.last + 1))
        columns = max(longest, 40) - block.column - 2
        end = "\n" if lines[block.last - 1].endswith("\n") else ""
        new = "\n".join(f"{indent}# {part}" for part in wrap(translated, columns)) + end
        lines[block.first - 1:block.last] = [new]
    return "".join(lines)


def without_comments(code: str) -> list[tuple[int, str]]:
    """The tokens of `code` that are not comments (type, text): equal for the
    original and a translation."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE}
    return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type not in skip]

"""Syntax highlighting: Pygments tokens as (text, class) spans, one list per line.

We emit the tokens ourselves (Pygments' SvgFormatter writes NBSP for spaces, so pasted code
would not run) and keep real spaces, drawn with ``xml:space="preserve"``.
"""

from __future__ import annotations

from functools import lru_cache

from pygments.lexers import PythonLexer
from pygments.token import STANDARD_TYPES, Token, _TokenType


@lru_cache(maxsize=1)
def _lexer() -> PythonLexer:
    return PythonLexer(stripnl=False, ensurenl=False)


def token_class(token: _TokenType) -> str:
    """The short Pygments class of ``token`` (its nearest ancestor with one)."""
    while token not in STANDARD_TYPES and token.parent is not None:
        token = token.parent
    return STANDARD_TYPES.get(token, "") or "text"


def token_of(short: str) -> _TokenType:
    """The token type a short class stands for (``text`` for plain text)."""
    for token, name in STANDARD_TYPES.items():
        if name == short:
            return token
    return Token.Text


def highlight(code: str) -> list[list[tuple[str, str]]]:
    """Split ``code`` into lines of (text, class) spans; adjacent same-class spans merged."""
    lines: list[list[tuple[str, str]]] = [[]]
    for token, text in _lexer().get_tokens(code):
        cls = token_class(token)
        for n, part in enumerate(text.split("\n")):
            if n:
                lines.append([])
            if not part:
                continue
            line = lines[-1]
            if line and line[-1][1] == cls:
                line[-1] = (line[-1][0] + part, cls)
            else:
                line.append((part, cls))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines

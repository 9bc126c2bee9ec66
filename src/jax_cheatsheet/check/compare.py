"""Compare a documented value with what the library printed, array-aware.

Rules: whitespace is ignored; numbers are equal at the precision written in the documented
value; an integer never equals a float (decided from the printed tokens, not the dtype);
brackets, commas, keys and words must match exactly; ``nan`` equals ``nan`` and an infinity
only one of the same sign. The approximate form (``~``) lets each number differ by 1 % of its
size, or 0.01 near zero. ``...`` in a documented value matches any run of printed tokens
(doctest's ELLIPSIS), e.g. ``Array([0, 1, ..., 4], dtype=int32)``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from jax_cheatsheet.model import Expected

_NUMBER = r"[+-]?(?:(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?|nan|inf)j?(?![A-Za-z0-9_])"
# Numbers are tried before words so that a whole ``nan``/``inf`` (``nanj``, ``infj``) is a
# number like ``-inf``; the look-ahead keeps ``info``, ``nano`` or ``nan_policy`` words.
_TOKEN = re.compile(
    r"(?P<ellipsis>\.\.\.)"
    rf"|(?P<number>{_NUMBER})"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<string>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
APPROX_RELATIVE = 0.01
APPROX_ABSOLUTE = 0.01


@dataclass(frozen=True)
class Token:
    """A lexical piece of printed output."""

    kind: str  # "word", "number", "string", "ellipsis" or "other"
    text: str


def tokens(text: str) -> list[Token]:
    """Split printed output into tokens, dropping whitespace."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "space":
            found.append(Token(kind, match.group()))
    return found


def mismatch(expected: Expected, actual: str) -> str | None:
    """``None`` when ``actual`` satisfies ``expected``; otherwise why not, in a phrase."""
    want, got = tokens(expected.text), tokens(actual)
    if any(w.kind == "ellipsis" for w in want):
        return _pattern_mismatch(want, got, expected.approx)
    for index, (w, g) in enumerate(zip(want, got, strict=False)):
        problem = _token_mismatch(w, g, expected.approx)
        if problem:
            return f"{problem} (item {index + 1})"
    if len(want) != len(got):
        return f"{len(want)} items documented, {len(got)} printed"
    return None


def _token_mismatch(want: Token, got: Token, approx: bool) -> str | None:
    if want.kind == "number" and got.kind == "number":
        return _number_mismatch(want.text, got.text, approx)
    if want.text != got.text:
        return f"documented {want.text!r}, printed {got.text!r}"
    return None


def _pattern_mismatch(want: list[Token], got: list[Token], approx: bool) -> str | None:
    """Match with ``...`` standing for any run of tokens (none included)."""
    # reach[j]: the documented tokens so far match the first j printed ones.
    reach = [True] + [False] * len(got)
    for index, w in enumerate(want):
        if w.kind == "ellipsis":
            for j in range(1, len(reach)):
                reach[j] = reach[j] or reach[j - 1]
            continue
        reach = [False] + [
            reach[j] and _token_mismatch(w, got[j], approx) is None for j in range(len(got))
        ]
        if not any(reach):
            where = f"documented {w.text!r} (item {index + 1})"
            return f"{where} matches nothing printed after what came before it"
    if not reach[-1]:
        return "the printed value goes on after the documented pattern ends"
    return None


def is_float(number: str) -> bool:
    """Whether a printed number is written as a float (``3.``, ``1e-05``, ``nan``, ``-inf``)."""
    mantissa = number.lower().rstrip("j").lstrip("+-")
    return "." in mantissa or "e" in mantissa or mantissa in ("nan", "inf")


def _number_mismatch(want: str, got: str, approx: bool) -> str | None:
    if want.endswith("j") != got.endswith("j"):
        return f"{want} and {got}: one is imaginary"
    if is_float(want) != is_float(got):
        kinds = ("float", "integer") if is_float(want) else ("integer", "float")
        return f"documented {want} is {kinds[0]}, printed {got} is {kinds[1]}"
    w, g = float(want.rstrip("j")), float(got.rstrip("j"))
    # NaN equals NaN; an infinity equals only the infinity of the same sign.
    if math.isnan(w) or math.isnan(g):
        return None if math.isnan(w) and math.isnan(g) else f"{got} is not {want}"
    if math.isinf(w) or math.isinf(g):
        return None if w == g else f"{got} is not {want}"
    if approx:
        tolerance = max(APPROX_ABSOLUTE, APPROX_RELATIVE * abs(w))
    elif is_float(want):
        tolerance = 0.5 * 10.0 ** -_decimals(want)
    else:
        tolerance = 0.0
    # A relative epsilon absorbs binary rounding of the written decimal itself.
    if abs(w - g) <= tolerance + 1e-12 * max(abs(w), 1.0):
        return None
    if approx:
        return f"{got} is not ~{want}"
    return f"{got} does not round to {want}" if is_float(want) else f"{got} is not {want}"


def _decimals(number: str) -> int:
    """Decimal places written, counting the exponent: ``1.62`` -> 2, ``1.5e-3`` -> 4."""
    mantissa, _, exponent = number.lower().rstrip("j").lstrip("+-").partition("e")
    places = len(mantissa.partition(".")[2])
    return places - int(exponent or 0)

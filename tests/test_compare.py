"""The array-aware comparison rules of DESIGN.md."""

from __future__ import annotations

import pytest

from jax_cheatsheet.check.compare import mismatch, tokens
from jax_cheatsheet.model import Expected


def holds(expected: str, actual: str, approx: bool = False) -> bool:
    return mismatch(Expected(expected, approx=approx), actual) is None


def test_whitespace_is_ignored() -> None:
    assert holds("[99 1 2 3 4]", "[99  1  2  3  4]")
    assert holds("[[1. 0.] [0. 1.]]", "[[1. 0.]\n [0. 1.]]")


def test_numbers_equal_at_the_precision_written() -> None:
    assert holds("1.62", "1.6226422")
    assert not holds("1.63", "1.6226422")
    assert holds("[ 1.6226  2.0253 -0.4336]", "[ 1.6226422   2.0252647  -0.43359444]")
    assert not holds("1.6226422", "1.62")  # fewer digits printed than documented
    assert holds("12.0", "12.")
    assert holds("1e-05", "1.0000001e-05")
    assert not holds("2e-05", "1.0000001e-05")


def test_integer_and_float_are_distinct() -> None:
    assert not holds("[3 3 3 3]", "[3. 3. 3. 3.]")
    assert not holds("[3. 3. 3. 3.]", "[3 3 3 3]")
    assert "integer" in (mismatch(Expected("[3 3 3 3]"), "[3. 3. 3. 3.]") or "")
    assert not holds("10", "11")


def test_structure_and_words_must_match() -> None:
    assert holds("(6, [0 1 3 6])", "(6, [0  1  3  6])")
    assert not holds("(6, [0 1 3 6])", "[6, [0 1 3 6]]")
    assert not holds("[1 2 3]", "[1 2 3 4]")
    assert not holds("float32", "float64")
    assert holds("{'b': 1.0, 'w': 2.0}", "{'b': 1.0, 'w': 2.0}")
    assert not holds("{'b': 1.0, 'w': 2.0}", "{'w': 2.0, 'b': 1.0}")
    assert holds("'cpu'", "'cpu'")
    assert not holds("'cpu'", "cpu")


def test_complex_and_special_values() -> None:
    assert holds(
        "[ 6. +0.j  -1.5+0.8660254j]", "[ 6. +0.j  -1.5+0.866j]".replace("0.866j", "0.8660254j")
    )
    assert not holds("[6.+0.j]", "[6.+0.]")
    assert holds("[nan inf -inf]", "[nan inf -inf]")
    assert not holds("inf", "-inf")


def test_approximate_form() -> None:
    assert holds("{'b': 0.0, 'w': 2.0}", "{'b': -0.0031, 'w': 1.989}", approx=True)
    assert not holds("{'b': 0.0, 'w': 2.0}", "{'b': 0.5, 'w': 2.0}", approx=True)
    assert not holds("2.0", "2", approx=True)  # still a float


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("float32", ["word"]),
        (
            "Array(1., dtype=float32)",
            ["word", "other", "number", "other", "word", "other", "word", "other"],
        ),
        ("-0.43", ["number"]),
        ("key<fry>", ["word", "other", "word", "other"]),
    ],
)
def test_tokens(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokens(text)] == kinds

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


def test_complex_numbers() -> None:
    printed = "[ 6. +0.j        -1.5+0.8660254j]"  # jnp.fft.fft(jnp.array([1., 2., 3.]))[:2]
    assert holds("[ 6. +0.j  -1.5+0.866j]", printed)
    assert not holds("[ 6. +0.j  -1.5+0.867j]", printed)
    assert mismatch(Expected("[ 6. +0.j  -1.5+0.867j]"), printed) == (
        "+0.8660254j does not round to +0.867j (item 5)"
    )
    assert not holds("[6.+0.j]", "[6.+0.]")


def test_nan_and_inf_are_numbers() -> None:
    assert holds("[nan  1.]", "[nan  1.]")
    assert holds("[nan inf -inf]", "[nan inf -inf]")
    assert holds("[ nan+nanj   1.+infj -inf-infj]", "[ nan+nanj   1.+infj -inf-infj]")
    assert holds("[nan 2.0]", "[nan 1.99]", approx=True)
    # Signs matter, and nan or inf never equals a finite number, not even approximately.
    assert mismatch(Expected("-inf"), "inf") == "inf is not -inf (item 1)"
    assert mismatch(Expected("[1. inf]"), "[1. -inf]") == "-inf is not inf (item 3)"
    assert mismatch(Expected("[1.+infj]"), "[1.-infj]") == "-infj is not +infj (item 3)"
    assert mismatch(Expected("nan"), "1.") == "1. is not nan (item 1)"
    assert mismatch(Expected("inf", approx=True), "1e30") == "1e30 is not inf (item 1)"
    # They are floats: an integer is not one.
    assert mismatch(Expected("inf"), "1") == (
        "documented inf is float, printed 1 is integer (item 1)"
    )
    # Only whole tokens: longer words stay words.
    assert mismatch(Expected("inf"), "info") == "documented 'inf', printed 'info' (item 1)"
    assert not holds("nan", "nano")


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
        ("nan", ["number"]),
        ("[inf -inf +inf]", ["other", "number", "number", "number", "other"]),
        ("nan+nanj", ["number", "number"]),
        ("info nano inference NaN nan_policy infj2", ["word"] * 6),
    ],
)
def test_tokens(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokens(text)] == kinds

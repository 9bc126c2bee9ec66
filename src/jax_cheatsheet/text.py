"""Small text helpers shared by every stage."""

from __future__ import annotations


def fold(text: str) -> str:
    """``text`` with every run of whitespace made one space, and none at the ends."""
    return " ".join(text.split())

"""Poster colour themes: literal colours (cairosvg has no CSS variables) and their contrast."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pygments.style import Style
from pygments.token import STANDARD_TYPES, _TokenType


def _import_styles() -> tuple[type[Style], type[Style]]:
    """accessible-pygments' high-contrast styles, without its import-time side effect.

    Importing ``a11y_pygments`` calls ``logging.basicConfig(level=INFO)`` on the root logger,
    which would make every library's INFO chatter appear in our output; undo that.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    from a11y_pygments.a11y_high_contrast_dark.style import Theme as Dark
    from a11y_pygments.a11y_high_contrast_light.style import Theme as Light

    root.handlers[:] = handlers
    root.setLevel(level)
    return Light, Dark


LightStyle, DarkStyle = _import_styles()


@dataclass(frozen=True)
class Theme:
    """Every colour a poster uses, for one theme."""

    name: str
    page: str  # page background
    panel: str  # panel background (the code style's own background)
    border: str  # panel outline (decorative, no text on it)
    title: str  # panel titles and the sheet title
    text: str  # code, prose
    muted: str  # taglines, footer, legend prose
    comment: str  # row comments and the output marker
    output: str  # documented outputs (checked values)
    link: str  # "docs" links
    style: type[Style]  # token colours (accessible-pygments)

    def token_colour(self, token: _TokenType) -> str:
        """The colour the code style gives ``token`` (falling back to plain text)."""
        colour = self.style.style_for_token(token)["color"]
        return f"#{colour}" if colour else self.text

    def roles(self) -> dict[str, str]:
        """Colours of text drawn on the panel background, by role."""
        return {
            "title": self.title,
            "text": self.text,
            "muted": self.muted,
            "comment": self.comment,
            "output": self.output,
            "link": self.link,
        }

    def text_colours(self) -> dict[str, str]:
        """Every colour text can have on a panel: roles plus each token class."""
        colours = self.roles()
        for token, short in STANDARD_TYPES.items():
            colours[f"token {short or 'text'}"] = self.token_colour(token)
        return colours


LIGHT = Theme(
    name="light",
    page="#ffffff",
    panel="#fefefe",
    border="#9aa4b2",
    title="#0b3a6e",
    text="#080808",
    muted="#3d3d3d",
    comment="#515151",
    output="#0a4d8c",
    link="#0b3a6e",
    style=LightStyle,
)

DARK = Theme(
    name="dark",
    page="#1e1e1e",
    panel="#2b2b2b",
    border="#5c6370",
    title="#8cc8ff",
    text="#f8f8f2",
    muted="#d0d0d0",
    comment="#ffd900",
    output="#7fdbff",
    link="#8cc8ff",
    style=DarkStyle,
)

THEMES = (LIGHT, DARK)


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def greyscale(colour: str) -> str:
    """The grey a greyscale print gives ``colour`` (Rec. 601 luma, as printers and PIL use)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    grey = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{grey:02x}{grey:02x}{grey:02x}"

"""Draw a laid-out page as SVG text: literal colours, real spaces, real selectable text."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.fonts import FAMILY
from jax_cheatsheet.poster.highlight import token_of
from jax_cheatsheet.poster.layout import Page, TextLine
from jax_cheatsheet.poster.theme import Theme

ROLES = ("title", "text", "muted", "comment", "output", "link")


def number(value: float) -> str:
    """A coordinate, written the same way on every machine."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def render(
    page: Page,
    theme: Theme,
    *,
    title: str,
    desc: str,
    font_css: str,
    physical: tuple[str, str] | None = None,
) -> str:
    """The SVG document for ``page`` in ``theme``.

    ``physical``: width and height with units (``279.4mm``); default: the page size in points.
    """
    width, height = physical or (f"{number(page.width)}pt", f"{number(page.height)}pt")
    used = sorted({span.role for line in _lines(page) for span in line.spans})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {number(page.width)} {number(page.height)}" role="img" '
        # geometricPrecision: cairo (and browsers) place glyphs at the font's exact advances
        # instead of rounding them to whole pixels, so lines are as wide as layout measured.
        f'aria-labelledby="title desc" font-family={quoteattr(FAMILY)} '
        'text-rendering="geometricPrecision">\n',
        f'<title id="title">{escape(title)}</title>\n',
        f'<desc id="desc">{escape(desc)}</desc>\n',
        f"<style>{font_css}{_classes(theme, used)}</style>\n",
        f'<rect width="{number(page.width)}" height="{number(page.height)}" '
        f'fill="{theme.page}"/>\n',
    ]
    for box in page.boxes:
        out.append(f'<g id="panel-{escape(box.panel_id)}">\n')
        out.append(
            f'<rect x="{number(box.x)}" y="{number(box.y)}" width="{number(box.width)}" '
            f'height="{number(box.height)}" rx="4" fill="{theme.panel}" '
            f'stroke="{theme.border}" stroke-width="0.75"/>\n'
        )
        out.extend(_text(line) for line in box.lines)
        out.append("</g>\n")
    out.extend(_text(line) for line in page.texts)
    out.append("</svg>\n")
    return "".join(out)


def _lines(page: Page) -> list[TextLine]:
    return [line for box in page.boxes for line in box.lines] + list(page.texts)


def _classes(theme: Theme, roles: list[str]) -> str:
    rules = []
    for role in roles:
        colour = theme.comment if role == "marker" else theme.roles().get(role)
        if colour is None:
            colour = theme.token_colour(token_of(role))
        rules.append(f".{_css_class(role)}{{fill:{colour}}}")
    return "".join(rules)


def _css_class(role: str) -> str:
    return f"t-{role}"


def _text(line: TextLine) -> str:
    spans = "".join(_span(span) for span in line.spans)
    text = (
        f'<text x="{number(line.x)}" y="{number(line.y)}" font-size="{number(line.size)}"'
        f' xml:space="preserve">{spans}</text>'
    )
    if line.href:
        text = f"<a href={quoteattr(line.href)}>{text}</a>"
    return text + "\n"


def _span(span: Span) -> str:
    weight = ' font-weight="700"' if span.bold else ""
    return f'<tspan class="{_css_class(span.role)}"{weight}>{escape(span.text)}</tspan>'

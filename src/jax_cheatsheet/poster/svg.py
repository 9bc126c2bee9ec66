"""Draw a laid-out page as SVG text: literal colours, real spaces, real selectable text.

The file reads right on its own in a browser, in librsvg and in cairosvg. Browsers apply CSS
``@media`` rules and ``@font-face``: there the text is the embedded JetBrains Mono, then the
embedded DejaVu Sans Mono. cairosvg and librsvg skip both and read the ``font-family``
attribute, whose first name is all cairosvg uses: ``monospace``, which fontconfig resolves to
an installed monospace font (the export path's fonts.conf, to the bundled JetBrains Mono).
Characters JetBrains Mono lacks are runs of their own that name DejaVu Sans Mono, since
cairo draws a run in one font, with no fallback for a glyph it lacks. Given the metrics, each
glyph has its own x: columns and line ends stay where layout put them in every renderer.
"""

from __future__ import annotations

import functools
from xml.sax.saxutils import escape, quoteattr

from jax_cheatsheet.poster.content import Span
from jax_cheatsheet.poster.fonts import GENERIC
from jax_cheatsheet.poster.glyphs import FALLBACK, FAMILY, coverage
from jax_cheatsheet.poster.highlight import token_of
from jax_cheatsheet.poster.layout import Page, TextLine
from jax_cheatsheet.poster.measure import Metrics
from jax_cheatsheet.poster.theme import Theme

ROLES = ("title", "text", "muted", "comment", "output", "link")
#: Only renderers with web fonts apply @media rules: for them, the embedded families first.
WEB_FONTS = f'@media all{{svg{{font-family:"{FAMILY}","{FALLBACK}",{GENERIC}}}}}'
#: The fallback's runs, for every renderer (a presentation attribute of the run).
FALLBACK_FONT = f'"{FALLBACK}", {GENERIC}'


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
    metrics: Metrics | None = None,
) -> str:
    """The SVG document for ``page`` in ``theme``.

    ``physical``: width and height with units (``279.4mm``); default: the page size in points.
    ``metrics``: the metrics layout measured with; given, every glyph is placed at the x they
    measure, so that a renderer whose advances differ (cairosvg rounds them to whole pixels;
    another font) still keeps every line inside its panel and every column in line.
    """
    width, height = physical or (f"{number(page.width)}pt", f"{number(page.height)}pt")
    used = sorted({span.role for line in _lines(page) for span in line.spans})
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {number(page.width)} {number(page.height)}" role="img" '
        # No text-rendering: cairo 1.16 draws broken glyph slivers for geometricPrecision.
        f'aria-labelledby="title desc" font-family="{GENERIC}">\n',
        f'<title id="title">{escape(title)}</title>\n',
        f'<desc id="desc">{escape(desc)}</desc>\n',
        f"<style>{_css(font_css, WEB_FONTS, _classes(theme, used))}</style>\n",
        f'<rect width="{number(page.width)}" height="{number(page.height)}" '
        f'fill="{theme.page}"/>\n',
    ]
    for box in page.boxes:
        out.append(f'<g id="panel-{escape(box.panel_id)}">\n')
        # The whole panel links to its page; a line with a link of its own (to the JAX
        # documentation) is drawn after it, since one link may not hold another.
        out.append(f"<a href={quoteattr(box.href)}>\n" if box.href else "")
        out.append(
            f'<rect x="{number(box.x)}" y="{number(box.y)}" width="{number(box.width)}" '
            f'height="{number(box.height)}" rx="4" fill="{theme.panel}" '
            f'stroke="{theme.border}" stroke-width="0.75"/>\n'
        )
        out.extend(_text(line, metrics) for line in box.lines if not line.href)
        out.append("</a>\n" if box.href else "")
        out.extend(_text(line, metrics) for line in box.lines if line.href)
        out.append("</g>\n")
    out.extend(_text(line, metrics) for line in page.texts)
    out.append("</svg>\n")
    return "".join(out)


def _css(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


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


@functools.lru_cache(maxsize=8192)
def _text(line: TextLine, metrics: Metrics | None) -> str:
    """The ``<text>`` of a line: the same in both themes (colours come from CSS classes)."""
    x, runs = line.x, []
    for span in line.spans:
        for run, fallback in _runs(span.text):
            places = []
            if metrics is not None:
                for char in run:
                    places.append(x)
                    x += metrics.advance(char, line.size, 700 if span.bold else 400)
            runs.append(_tspan(span, run, fallback, places))
    text = (
        f'<text x="{number(line.x)}" y="{number(line.y)}" font-size="{number(line.size)}"'
        f' xml:space="preserve">{"".join(runs)}</text>'
    )
    if line.href:
        text = f"<a href={quoteattr(line.href)}>{text}</a>"
    return text + "\n"


def _tspan(span: Span, text: str, fallback: bool, places: list[float]) -> str:
    """One run of ``span`` in one font, its glyphs at ``places`` (if measured)."""
    weight = ' font-weight="700"' if span.bold else ""
    family = f" font-family={quoteattr(FALLBACK_FONT)}" if fallback else ""
    at = f' x="{" ".join(number(p) for p in places)}"' if places else ""
    return f'<tspan class="{_css_class(span.role)}"{weight}{family}{at}>{escape(text)}</tspan>'


def _runs(text: str) -> list[tuple[str, bool]]:
    """``text`` cut where the drawing font changes: (run, drawn by the fallback)."""
    runs: list[tuple[str, bool]] = []
    for char in text:
        fallback = coverage().family_of(char) == FALLBACK
        if runs and runs[-1][1] == fallback:
            runs[-1] = (runs[-1][0] + char, fallback)
        else:
            runs.append((char, fallback))
    return runs

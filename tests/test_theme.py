"""Every text colour reads against its panel: WCAG AAA on screen, AA in greyscale print."""

from __future__ import annotations

import pytest

from jax_cheatsheet.poster.theme import DARK, LIGHT, THEMES, Theme, contrast, greyscale, luminance


def test_contrast_formula_matches_wcag_reference_points() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert luminance("#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_text_colour_reaches_aaa_on_the_panel(theme: Theme) -> None:
    low = {
        role: round(contrast(colour, theme.panel), 2)
        for role, colour in theme.text_colours().items()
        if contrast(colour, theme.panel) < 7.0
    }
    assert low == {}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_page_text_reads_against_the_page(theme: Theme) -> None:
    for colour in (theme.title, theme.muted, theme.comment, theme.output):
        assert contrast(colour, theme.page) >= 7.0


def test_the_light_poster_survives_greyscale_print() -> None:
    grey_panel = greyscale(LIGHT.panel)
    worst = min(contrast(greyscale(c), grey_panel) for c in LIGHT.text_colours().values())
    assert worst >= 4.5


def test_themes_differ_where_they_should() -> None:
    assert luminance(LIGHT.panel) > 0.9 > 0.1 > luminance(DARK.panel)
    assert greyscale("#ff0000") == "#4c4c4c"

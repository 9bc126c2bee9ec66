"""Links over the home page's poster picture: one per panel, where the poster draws it.

A poster shown with ``<img>`` cannot use the links inside its SVG, and an HTML image map's
pixel coordinates do not follow a picture that scales. So each panel gets a link laid over
the picture, placed in percentages of the poster's size, read from the rendered SVG itself.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from jax_cheatsheet.site.markup import hidden_text

_SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Area:
    """A panel's rectangle on the poster, in percent of the poster's width and height."""

    panel_id: str
    left: float
    top: float
    width: float
    height: float


def panel_areas(svg: str) -> list[Area]:
    """The panels' rectangles on a poster, in the order it draws them."""
    root = ET.fromstring(svg.encode("utf-8"))
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    areas = []
    for group in root.iter(f"{_SVG}g"):
        panel_id = group.attrib.get("id", "").removeprefix("panel-")
        box = group.find(f".//{_SVG}rect")
        if not group.attrib.get("id", "").startswith("panel-") or box is None:
            continue
        x, y, w, h = (float(box.attrib[k]) for k in ("x", "y", "width", "height"))
        areas.append(
            Area(panel_id, 100 * x / width, 100 * y / height, 100 * w / width, 100 * h / height)
        )
    return areas


def poster_links(svg: str, titles: Mapping[str, str], prefix: str = "") -> str:
    """A link over each panel of the poster ``svg`` to its page (none without a poster)."""
    if not svg:
        return ""
    links = []
    for area in panel_areas(svg):
        if area.panel_id not in titles:
            continue
        place = (
            f"left:{area.left:.3f}%;top:{area.top:.3f}%;"
            f"width:{area.width:.3f}%;height:{area.height:.3f}%"
        )
        links.append(
            f'<a class="cs-poster-link" href="{prefix}panels/{html.escape(area.panel_id)}.html" '
            f'style="{place}">{hidden_text(titles[area.panel_id] + " (panel page)")}</a>'
        )
    return "".join(links)

"""Stage 4: the printable posters (SVG, and PNG/PDF through cairosvg)."""

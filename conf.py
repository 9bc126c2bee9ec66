"""Sphinx configuration for the jax-cheatsheet site (sources in docs/, built from cheatsheet/).

Build: sphinx-build -W -c . -d build/doctrees docs build/html   (or: nox -s docs); or, for
this or any other sheet, `jax-cheatsheet build [SHEET] --out DIR`, which configures Sphinx
from the same function without a conf.py.
"""

from jax_cheatsheet.parse import load_sheet
from jax_cheatsheet.site.project import configuration

globals().update(
    configuration(
        load_sheet("cheatsheet"),
        sheet_dir="cheatsheet",
        build="build",
        samples="../cheatsheet/samples",  # sphinx-gallery: relative to docs/
        static=["docs/_static"],
    )
)

author = "the jax-cheatsheet developers"
copyright = "2026, the jax-cheatsheet developers"
html_favicon = "docs/_static/favicon.svg"
# This sheet's records of other lanes and releases: the matrix page, and the drift page from
# the oldest release on record on this backend.
cheatsheet_records = "docs/records"

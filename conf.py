"""Sphinx configuration for the jax-cheatsheet site (sources in docs/, built from cheatsheet/).

Build: sphinx-build -W -c . -d build/doctrees docs build/html   (or: nox -s docs)
"""

project = "JAX Cheatsheet"
author = "the jax-cheatsheet developers"
copyright = "2026, the jax-cheatsheet developers"

extensions = [
    "myst_parser",
    "sphinx_copybutton",
    "sphinx_gallery.gen_gallery",
    "jax_cheatsheet.site",  # it also sets up jax_cheatsheet.site.literal (sheet text stays text)
]

# The sheet the site is generated from, and where builds keep their caches and static files.
cheatsheet_sheet = "cheatsheet"
cheatsheet_build = "build"

root_doc = "index"
exclude_patterns = ["_home.md", "gallery/*.md5", "gallery/*.py", "gallery/*.ipynb"]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
# HTML written in Markdown is text, not markup: no page source needs it (generated pages put
# their HTML in {raw} blocks, with the sheet's text escaped), and sheet prose must not have it.
myst_disable_syntax = ["html_block", "html_inline"]
# Quotes stay as written: a title on the site reads as it does on the poster.
smartquotes = False

html_theme = "sphinx_book_theme"
html_title = "JAX Cheatsheet"
html_favicon = "docs/_static/favicon.svg"
html_static_path = ["docs/_static"]
# pydata-sphinx-theme logs a console error on a fresh profile without a default mode.
html_context = {"default_mode": "auto"}
html_theme_options = {"show_toc_level": 2}
html_last_updated_fmt = None
html_show_sourcelink = False

# A copied row is code alone: prompts and outputs are never part of a code block.
copybutton_exclude = ".linenos, .gp, .go"

# sphinx-gallery lays out the samples and their downloads but never runs them: the checker
# runs each sample once, and the extension shows the output it captured under each code block.
sphinx_gallery_conf = {
    "examples_dirs": "../cheatsheet/samples",
    "gallery_dirs": "gallery",
    "plot_gallery": False,
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": (),
    "reset_modules": (),
    "download_all_examples": False,
    "write_computation_times": False,
    "show_memory": False,
    "remove_config_comments": True,
}

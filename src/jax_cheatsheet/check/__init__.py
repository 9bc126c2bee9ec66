"""Stage 2: model -> record. The one path that runs every row and judges what it printed."""

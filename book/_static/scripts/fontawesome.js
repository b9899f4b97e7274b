/* Replaces pydata-sphinx-theme's 1.5 MB Font Awesome script (SVG icons for custom icon links,
   which the book has none of). The theme's icons are drawn by book/_static/dlbook.css from the
   few Font Awesome SVG files that `make vendor` puts in _static/fontawesome/. */

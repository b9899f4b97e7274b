"""A Sphinx extension with the few adjustments the HTML book needs.

It is listed under ``sphinx: extra_extensions`` in ``_config.yml`` and does four things:

- jupyter-book 1.x registers some inline scripts twice (sphinx-thebe's configuration is one of
  them), and a repeated ``const`` declaration is a JavaScript error in every page: exact
  duplicates are dropped from each page's script list.
- The style sheets and scripts of extensions that jupyter-book loads but the book never uses
  (sphinx-design's grids and tabs, sphinx-thebe's live code: Thebe is off) are dropped from
  every page.
- pydata-sphinx-theme loads the search index (about 0.2 MB, growing with the book) into every
  page for a search-as-you-type box that the book does not use (its search box opens
  ``search.html``, which loads the index itself); the page layout here leaves it out.
- Accessible names: the theme's search buttons and light/dark switch get names that contain
  their visible text, each folding triangle in the chapter navigation is named for its
  chapter, and a folded code cell's summary ("Show code cell source") is named by that text.
"""

from __future__ import annotations

import html
import re

__all__ = ["setup"]

#: Assets of extensions the book does not use, by the start of their file name.
_UNUSED_ASSETS = ("sphinx-design.", "design-tabs.js", "sphinx-thebe.")

#: Templates that replace the theme's, by name. ``!layout.html`` is the theme's own layout.
_TEMPLATES = {
    # pydata-sphinx-theme 0.17's head additions, without the search index and its scripts.
    "layout.html": """{%- extends "!layout.html" %}
{%- block extrahead %}
  <meta name="docsearch:language" content="{{ language }}"/>
  {%- if last_updated %}
    <meta name="docbuild:last-update" content="{{ last_updated | e }}"/>
  {%- endif %}
{%- endblock extrahead %}
""",
    # The theme's button named "Search" shows "Search Ctrl+K": let its text be its name.
    "search-button-field.html": """<button class="btn search-button-field search-button__button \
pst-js-only" title="{{ _('Search') }}" data-bs-placement="bottom" data-bs-toggle="tooltip">
 <i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>
 <span class="search-button__default-text">{{ _('Search') }}</span>
 <span class="search-button__kbd-shortcut"><kbd class="kbd-shortcut__modifier">Ctrl</kbd>+<kbd \
class="kbd-shortcut__modifier">K</kbd></span>
</button>
""",
    # The theme's switch is named "Color mode" but its icons' titles made its text
    # "Light Dark System Settings": the icons are decoration, the button says what it does.
    "theme-switcher.html": """<button class="btn btn-sm nav-link pst-navbar-icon \
theme-switch-button pst-js-only" aria-label="{{ _('Color mode') }}" \
data-bs-title="{{ _('Color mode') }}" data-bs-placement="bottom" data-bs-toggle="tooltip">
  <i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-moon fa-lg" data-mode="dark" aria-hidden="true"></i>
  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" data-mode="auto" \
aria-hidden="true"></i>
</button>
""",
}

#: A chapter in the navigation: its link, then the <summary> that folds its sections.
_NAV_FOLD = re.compile(r'(<a class="[^"]*reference internal[^"]*" href="[^"]*">'
                       r"((?:(?!</a>).)*)</a><details[^>]*>)<summary>", re.S)


def _script_key(script) -> tuple:
    # The same inline script may be registered once with filename None and once with "".
    filename = getattr(script, "filename", None) or str(getattr(script, "filename", "") or "")
    attributes = tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items()))
    return filename, attributes


def _is_unused(asset) -> bool:
    name = str(getattr(asset, "filename", "") or "").rsplit("/", 1)[-1]
    return name.startswith(_UNUSED_ASSETS)


def _deduplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        seen: set = set()
        unique = []
        for script in scripts:
            key = _script_key(script)
            if key not in seen and not _is_unused(script):
                seen.add(key)
                unique.append(script)
        context["script_files"] = unique
    if context.get("css_files"):
        context["css_files"] = [css for css in context["css_files"] if not _is_unused(css)]


def _name_navigation_folds(app, pagename, templatename, context, doctree) -> None:
    """Give each folding triangle of the chapter navigation its chapter's name."""
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "_dlbook_named", False):
        return

    def named(match: re.Match) -> str:
        title = html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip()
        return f'{match.group(1)}<summary aria-label="{html.escape(title)}: sections">'

    def generate_named(*args, **kwargs):
        return _NAV_FOLD.sub(named, str(generate(*args, **kwargs)))

    generate_named._dlbook_named = True
    context["generate_toctree_html"] = generate_named


def _add_templates(app) -> None:
    if getattr(app.builder, "format", None) != "html" or not hasattr(app.builder, "templates"):
        return
    from jinja2 import DictLoader

    app.builder.templates.loaders.insert(0, DictLoader(_TEMPLATES))


def _visit_hidden_input(self, node) -> None:
    """myst-nb's fold of a hidden code cell, its summary named by its visible text."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n'
                     f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}'
                     '</p>\n'
                     f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}'
                     "</p>\n</summary>\n")


def _depart_hidden_input(self, node) -> None:
    self.body.append("</details>\n")


def setup(app):
    """Register the extension with Sphinx."""
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True,
                 html=(_visit_hidden_input, _depart_hidden_input))
    app.connect("builder-inited", _add_templates)
    app.connect("html-page-context", _deduplicate_scripts, priority=900)
    app.connect("html-page-context", _name_navigation_folds, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""A Sphinx extension with the few adjustments the HTML book needs.

jupyter-book 1.x registers some inline scripts twice (sphinx-thebe's configuration is one of
them), and a repeated ``const`` declaration is a JavaScript error in every page. This extension
drops exact duplicates from each page's script list. It is listed under
``sphinx: extra_extensions`` in ``_config.yml``.
"""

from __future__ import annotations

__all__ = ["setup"]


def _script_key(script) -> tuple:
    # The same inline script may be registered once with filename None and once with "".
    filename = getattr(script, "filename", None) or str(getattr(script, "filename", "") or "")
    attributes = tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items()))
    return filename, attributes


def _deduplicate_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    """Register the extension with Sphinx."""
    app.connect("html-page-context", _deduplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

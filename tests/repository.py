"""Publish the book under another repository: ``make repository URL=https://github.com/you/book``.

The repository is named in one place, ``_config.yml`` (``repository: url:``), from
which the book's launch and repository buttons are made; the set-up cell of every
notebook repeats it, because on Colab that cell installs ``dlbook`` from it, and the
set-up page repeats it in its ``git clone`` line. This script rewrites all of them
together, so that a test that keeps them in step still passes. The notebooks' outputs
do not change, so nothing needs executing again.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
GITHUB = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
URL_LINE = re.compile(r"^(\s*url:\s*)(\S+)\s*$", re.MULTILINE)


def current(root: pathlib.Path = ROOT) -> str:
    """The repository URL that ``_config.yml`` names now."""
    import yaml

    return yaml.safe_load((root / "_config.yml").read_text())["repository"]["url"]


def _name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def publish(url: str, root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """Name ``url`` as the book's repository everywhere; return the files changed."""
    if not isinstance(url, str) or not GITHUB.match(url.strip()):
        raise ValueError(f"URL must be a GitHub repository such as https://github.com/you/book "
                         f"(Colab opens notebooks from GitHub), got {url!r}.")
    url = url.strip().removesuffix(".git")
    old = current(root)
    if url == old:
        return []
    changed = []
    config = root / "_config.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("\nrepository:")
    head, tail = text[:start], text[start:]
    tail = URL_LINE.sub(lambda m: m.group(1) + url if m.group(2) == old else m.group(0), tail,
                        count=1)
    config.write_text(head + tail, encoding="utf-8")
    changed.append(config)
    for path in sorted((root / "book").rglob("*.ipynb")):
        if {"_build", ".ipynb_checkpoints"} & set(path.parts):
            continue
        nb = json.loads(path.read_text(encoding="utf-8"))
        setup = next(c for c in nb["cells"] if c["cell_type"] == "code")
        source = "".join(setup["source"])
        if f"git+{old}" not in source:
            continue
        setup["source"] = source.replace(f"git+{old}", f"git+{url}").splitlines(keepends=True)
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        changed.append(path)
    page = root / "book" / "appendix" / "setup.md"
    if page.exists():
        text = page.read_text(encoding="utf-8")
        new = text.replace(f"git clone {old}", f"git clone {url}").replace(
            f"cd {_name(old)}\n", f"cd {_name(url)}\n")
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed.append(page)
    return changed


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print(__doc__.splitlines()[0], file=sys.stderr)
        print(f"the book's repository now: {current()}", file=sys.stderr)
        return 2
    try:
        changed = publish(args[0])
    except ValueError as err:
        print(err, file=sys.stderr)
        return 2
    for path in changed:
        print(f"rewrote {path.relative_to(ROOT)}")
    print(f"{len(changed)} files now name {args[0]}" if changed else "nothing to change")
    return 0


if __name__ == "__main__":
    sys.exit(main())

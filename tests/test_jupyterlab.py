"""The explorers in a real JupyterLab: live with a kernel, and readable as stored output.

``jupyter lab`` from the project's virtual environment runs headless on 127.0.0.1 with a
fixed token, its configuration, data, runtime and IPython folders in a temporary directory
(nothing of the user's is read or changed), and every fetch from the internet turned off
(news, update checks, the extension manager's PyPI listing). Debian's Chromium opens it
through Playwright, as in ``test_book.py``; every request to any other host is blocked and
reported.

* Live: a notebook of the set-up cell and one explorer is run through JupyterLab's Run
  menu; moving the ipywidgets slider with the keyboard makes the kernel draw a new image.
* Stored: a chapter's notebook opened from disk is untrusted, so JupyterLab renders the
  stored flipbook (``text/html``) sanitized and runs none of its scripts. It must still
  read "label: value" for each control and show the figure.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pytest

from notebooks import ENVIRONMENT, ROOT, WIDGET_VIEW
from notebooks import run as execute_notebook
from test_book import chromium as launch_chromium

JUPYTER = pathlib.Path(sys.executable).with_name("jupyter")
TOKEN = "dlbook-test-token"
#: A chapter notebook with a stored explorer (its explorer cell needs only the set-up cell).
STORED = ROOT / "book" / "03-feedforward" / "02-activations.ipynb"

#: Nothing leaves the machine: no news feed, no update check, no PyPI extension listing.
OFFLINE_FLAGS = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
]
#: The same in the front end's settings (no "fetch news?" toast, no toast at all).
USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {
        "fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True},
    "@jupyterlab/extensionmanager-extension/plugin": {"enabled": False},
}


class Lab:
    """A JupyterLab server of its own: started on a free port, stopped with its kernels."""

    def __init__(self, home: pathlib.Path):
        self.home = home
        self.root = home / "notebooks"
        self.runtime = home / "runtime"
        dirs = {"JUPYTER_CONFIG_DIR": home / "config", "JUPYTER_DATA_DIR": home / "data",
                "JUPYTER_RUNTIME_DIR": self.runtime, "IPYTHONDIR": home / "ipython"}
        for folder in [self.root, *dirs.values()]:
            folder.mkdir(parents=True)
        for plugin, settings in USER_SETTINGS.items():
            path = home / "config" / "lab" / "user-settings" / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings))
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("JUPYTER", "JPY_")) and k != "DLBOOK_BOOK_OUTPUTS"}
        # A reader's kernel: the live widget, no flipbook (see dlbook.widgets.core).
        env.update({k: str(v) for k, v in dirs.items()})
        env["PATH"] = f"{JUPYTER.parent}{os.pathsep}{env.get('PATH', '')}"
        self.env = env
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = home / "jupyterlab.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> None:
        command = [str(JUPYTER), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                   f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                   f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={self.root}",
                   "--ServerApp.allow_root=True", "--ServerApp.terminals_enabled=False",
                   *OFFLINE_FLAGS]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(command, env=self.env, cwd=self.root,
                                            stdin=subprocess.DEVNULL, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.api("GET", "status")
                return
            except OSError:
                pass
            if self.process.poll() is not None:
                pytest.fail(f"jupyter lab exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"jupyter lab did not answer within {timeout} s:\n{self.log()}")
            time.sleep(0.2)

    def api(self, method: str, path: str, timeout: float = 10):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {TOKEN}"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log(self, tail: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-tail:]

    def stop(self) -> None:
        """Shut the kernels down, then the server; kill whatever of ours is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            try:
                for kernel in self.api("GET", "kernels"):
                    self.api("DELETE", f"kernels/{kernel['id']}", timeout=30)
                self.api("POST", "shutdown")
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                # A server that hangs on shutdown (it can, while a kernel is starting).
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        # Kernels run in sessions of their own; ours name a connection file in our runtime dir.
        for pid in _processes_mentioning(str(self.runtime)):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def lab():
    if importlib.util.find_spec("jupyterlab") is None or not JUPYTER.exists():
        pytest.fail("JupyterLab is needed for this test: make install (requirements.txt pins it)")
    home = pathlib.Path(tempfile.mkdtemp(prefix="dlbook-jupyterlab-"))
    server = Lab(home)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def chromium():
    with launch_chromium() as browser:
        # One context for the module: JupyterLab's scripts load from its cache the second time.
        context = browser.new_context(viewport={"width": 1280, "height": 1000})
        yield context
        context.close()


def _outside(url: str) -> bool:
    parsed = urllib.parse.urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname != "127.0.0.1"


class LabPage:
    """One notebook open in JupyterLab, recording page errors and blocking other hosts."""

    def __init__(self, chromium, lab: Lab, notebook: str):
        self.lab = lab
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page = chromium.new_page()
        self.page.route("**/*", self._route)
        self.page.route_web_socket(_outside, self._refuse_web_socket)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.set_default_timeout(120_000)  # generous: `make test` runs notebooks alongside
        # A workspace per notebook, so that one test's open tabs do not reopen in another.
        workspace = pathlib.Path(notebook).stem
        self.page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{notebook}?token={TOKEN}")
        self.page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")

    def _route(self, route):
        if _outside(route.request.url):
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def _refuse_web_socket(self, ws):
        self.outside.append(ws.url)
        ws.close()

    def wait_for_kernel(self) -> None:
        """Until the notebook's kernel is connected and idle (the status bar says so)."""
        self.page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))
                     .some(e => /^(?!No Kernel).+ [|] Idle$/.test(e.textContent.trim()))""")

    def close(self) -> None:
        outside, errors = list(self.outside), list(self.errors)
        self.page.close()
        assert not outside, f"JupyterLab requested other hosts: {outside}"
        assert not errors, f"JupyterLab logged errors: {errors}\n{self.lab.log()}"


# -- live: a kernel redraws ----------------------------------------------------------------
LIVE_CELLS = ["import dlbook\n\ndlbook.setup()",
              # two sliders over 25 frames; one frame takes a fraction of a second
              "dlbook.widgets.softmax_temperature_explorer()"]

# The PNG a widget image shows, as its first bytes and a digest (blob: URLs change anyway).
IMAGE_BYTES = """async img => {
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return {head: Array.from(bytes.slice(0, 4)), digest: Array.from(digest).join(',')};
}"""


def _write_notebook(path: pathlib.Path, cells: list[str]) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbformat.write(nb, path)


def test_an_explorer_is_live_in_jupyterlab(chromium, lab):
    _write_notebook(lab.root / "live.ipynb", LIVE_CELLS)
    visit = LabPage(chromium, lab, "live.ipynb")
    p = visit.page
    visit.wait_for_kernel()
    p.locator(".lm-MenuBar-item", has_text="Run").first.click()
    p.locator('li.lm-Menu-item[data-command="runmenu:run-all"]').click()

    output = p.locator(".jp-OutputArea-output").filter(has=p.locator(".widget-image"))
    image = output.locator("img.widget-image")
    image.wait_for(state="visible")
    p.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    handle = output.locator(".widget-slider .noUi-handle").first
    readout = output.locator(".widget-slider .widget-readout").first
    before, before_text = image.get_attribute("src"), readout.text_content()
    before_png = image.evaluate(IMAGE_BYTES)
    assert before_png["head"] == [0x89, 0x50, 0x4E, 0x47], "the widget does not show a PNG"

    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    p.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
    # The slider reports on release (continuous_update=False); the kernel draws, the image follows.
    p.wait_for_function("([img, src]) => img.src !== src && img.complete && img.naturalWidth > 0",
                        arg=[image.element_handle(), before])
    after_png = image.evaluate(IMAGE_BYTES)
    assert after_png["head"] == [0x89, 0x50, 0x4E, 0x47]
    assert after_png["digest"] != before_png["digest"], "the kernel did not draw a new image"
    assert readout.text_content() != before_text, "the slider's readout did not change"
    visit.close()


# -- stored: an untrusted notebook's flipbook ----------------------------------------------
def _stored_notebook_with_current_explorers(lab: Lab, monkeypatch) -> pathlib.Path:
    """A copy of STORED whose explorer outputs are made by the current code.

    The committed outputs change only when the notebooks are executed again (`make
    execute`); this test is about what `Explorer.to_html` writes now. The explorer cells
    run after the set-up cell alone, as `make execute` runs them (`DLBOOK_BOOK_OUTPUTS=1`,
    widget views dropped); the rest of the notebook keeps its stored outputs.
    """
    import nbformat

    nb = nbformat.read(STORED, as_version=4)
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    explorers = [i for i in code if any(
        "dlbook-flipbook" in "".join(o.get("data", {}).get("text/html", ""))
        for o in nb.cells[i].get("outputs", []))]
    assert explorers, f"{STORED.name} has no stored explorer output to check"
    part = nbformat.v4.new_notebook(metadata=nb.metadata)
    part.cells = [nb.cells[i] for i in [code[0], *explorers]]
    path = lab.home / "explorers.ipynb"
    nbformat.write(part, path)
    for name, value in {**ENVIRONMENT, **{k: v for k, v in lab.env.items()
                                          if k.startswith("JUPYTER") or k == "IPYTHONDIR"}
                        }.items():
        monkeypatch.setenv(name, value)
    execute_notebook(path, save=True)
    fresh = nbformat.read(path, as_version=4)
    for i, cell in zip(explorers, fresh.cells[1:]):
        assert not any(WIDGET_VIEW in o.get("data", {}) for o in cell.outputs)
        nb.cells[i].outputs = cell.outputs
    stored = lab.root / "stored.ipynb"
    nbformat.write(nb, stored)
    return stored


def test_a_stored_explorer_reads_well_in_an_untrusted_notebook(chromium, lab, monkeypatch):
    stored = _stored_notebook_with_current_explorers(lab, monkeypatch)
    visit = LabPage(chromium, lab, stored.name)
    p = visit.page
    output = p.locator(".jp-OutputArea-output").filter(has=p.locator(".dlbook-flipbook")).first
    flipbook = output.locator(".dlbook-flipbook")
    flipbook.scroll_into_view_if_needed()
    # Untrusted, JupyterLab still prefers text/html to image/png (its HTML renderer counts as
    # safe: it sanitizes). The sanitizer drops scripts, data-* and aria-* attributes and a bare
    # `hidden`; it keeps classes, `hidden="hidden"`, <output>, <img> with a data: URI (also
    # SVG), and <input>, which it disables. So the flipbook is a still, and must read as one.
    assert output.get_attribute("data-mime-type") == "text/html"
    assert flipbook.locator("script").count() == 0, "the notebook is trusted: nothing to check"
    assert flipbook.get_attribute("data-ready") is None

    image = flipbook.locator("img")
    image.wait_for(state="visible")
    p.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.bounding_box()["width"] > 100, "the figure is not displayed"
    # The alt text ends with the setting shown: "Current setting: a = x; b = y."
    alt = image.get_attribute("alt")
    setting = re.search(r"Current setting: (.*)\.$", alt)
    assert setting, f"the figure's alt text does not state its setting: {alt!r}"
    pairs = [item.split(" = ", 1) for item in setting.group(1).split("; ")]

    text = flipbook.inner_text()
    for label, value in pairs:
        line = rf"(?m)^[ \t]*{re.escape(label)}[ \t]*[:=][ \t]*{re.escape(value)}[ \t]*$"
        assert re.search(line, text), \
            f"the stored explorer does not read '{label}: {value}' on a line of its own:\n{text}"
    dead = flipbook.locator("input[type=range]")
    assert not any(dead.nth(i).is_visible() for i in range(dead.count())), \
        "the stored explorer shows a slider that cannot move"
    visit.close()

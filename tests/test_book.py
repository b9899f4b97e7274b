"""Build the HTML book with warnings as errors, then read every page in Chromium.

The browser tests use Debian's Chromium (``apt-get install chromium``) through Playwright and
serve the built book on 127.0.0.1. Every request to any other host is blocked and reported.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import os
import pathlib
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse

import pytest

from notebooks import ROOT, toc_pages

HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


PAGES = toc_pages()


@pytest.fixture(scope="module")
def book() -> pathlib.Path:
    """Build the book once for this module, failing on any Sphinx warning."""
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    assert (ROOT / "book" / "_vendor" / "mathjax" / "es5" / "tex-svg-full.js").exists(), \
        "the vendored JavaScript is missing: run 'make vendor'"
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--warningiserror",
                             "--keep-going"], capture_output=True, text=True, timeout=1200,
                            env={**os.environ, "PYTHONWARNINGS": "ignore"})
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book does not build cleanly:\n{log[-6000:]}"
    assert "WARNING" not in log, f"the build printed warnings:\n{log[-6000:]}"
    return HTML


def test_every_page_is_built(book):
    for page in PAGES:
        assert (book / f"{page}.html").exists(), f"{page}.html was not built"
    assert (book / "search.html").exists() and (book / "searchindex.js").exists()


def test_no_page_loads_anything_from_another_host(book):
    pattern = re.compile(r'<(script|link|img|iframe|source)\b[^>]*?\b(src|href)="(https?:)?//',
                         re.IGNORECASE)
    for page in PAGES:
        html = (book / f"{page}.html").read_text(encoding="utf-8")
        found = pattern.search(html)
        assert not found, f"{page}.html loads from another host: {found.group(0)}"


def test_pages_offer_download_colab_and_theme_switch(book):
    for page in PAGES:
        html = (book / f"{page}.html").read_text(encoding="utf-8")
        assert "theme-switch-button" in html, f"{page}: no light/dark switch"
        assert "search" in html, f"{page}: no search"
        if (ROOT / f"{page}.ipynb").exists():
            assert "colab.research.google.com/github/" in html, f"{page}: no Colab button"
            assert f"_sources/{page}.ipynb" in html, f"{page}: no notebook download"


def test_api_reference_documents_the_package(book):
    import dlbook
    import dlbook.widgets

    html = (book / "book" / "appendix" / "api.html").read_text(encoding="utf-8")
    for name in ["dlbook.setup", "dlbook.data.load_mnist_subset", "dlbook.widgets.core.Explorer",
                 "dlbook.widgets.regression.learning_rate_explorer", "dlbook.nn.MLP.backward",
                 "dlbook.activations.get"]:
        assert f'id="{name}"' in html, f"the API page does not document {name}"
    modules = [f"dlbook.{m}" for m in dlbook._SUBMODULES]
    modules += [f"dlbook.widgets.{m}" for m in dlbook.widgets._CHAPTER_MODULES]
    for module in modules:
        assert f'id="module-{module}"' in html, f"add {module} to book/appendix/api.md"


#: The explorers each page must offer (the browser test below moves every slider of each).
WIDGETS = {
    "book/02-regression/05-gradient-descent": ["The learning-rate explorer"],
    "book/03-feedforward/01-neurons-perceptron": ["The perceptron learning rule, step by step"],
    "book/03-feedforward/02-activations": ["Activation explorer"],
    "book/03-feedforward/03-xor": ["XOR playground"],
    "book/03-feedforward/04-universal-approximation": ["Universal approximation explorer",
                                                       "Folding explorer"],
    "book/03-feedforward/05-output-units": ["Softmax: logits to probabilities"],
    "book/04-backprop/01-chain-rule-graphs": ["Forward and backward pass: f = (x + y) z",
                                              "Forward and backward pass: the sigmoid neuron"],
    "book/04-backprop/02-autodiff": ["Forward and backward pass"],
    "book/04-backprop/06-gradient-learning": ["Saturation: cross-entropy against squared error",
                                              "Gradient flow at initialisation"],
}


@pytest.mark.parametrize("page", sorted(WIDGETS))
def test_pages_offer_their_explorers(book, page):
    text = (book / f"{page}.html").read_text(encoding="utf-8")
    titles = [html.unescape(t) for t in
              re.findall(r'class="dlbook-flipbook-title"><strong>(.*?)</strong>', text)]
    for wanted in WIDGETS[page]:
        assert any(t.startswith(wanted) for t in titles), \
            f"{page} does not show the explorer {wanted!r} (found {titles})"


#: A page whose exercises have folded solutions with mathematics in them, and a page with a
#: theorem quoted as a note (with display mathematics).
SOLUTION_PAGE = "book/01-math/01-linear-algebra"
QUOTE_PAGE = "book/03-feedforward/04-universal-approximation"
FOLD = re.compile(r'<details class="dlbook-(\w+)">\s*<summary>(.*?)</summary>(.*?)</details>', re.S)
INLINE_MATH = '<span class="math notranslate nohighlight">\\('
DISPLAY_MATH = '<div class="math notranslate nohighlight">'


def test_solutions_are_folded_and_their_mathematics_typeset(book):
    text = (book / f"{SOLUTION_PAGE}.html").read_text(encoding="utf-8")
    solutions = [body for kind, summary, body in FOLD.findall(text)
                 if kind == "solution" and summary.strip() == "Solution"]
    assert solutions, f"{SOLUTION_PAGE} has no <details> whose <summary> is Solution"
    assert not re.search(r'<details class="dlbook-[^>]*\sopen', text), \
        "a solution is open before it is asked for"
    assert any(INLINE_MATH in body for body in solutions), \
        "the mathematics inside a solution is not typeset (it should be a math span for MathJax)"
    proof = (book / "book/03-feedforward/01-neurons-perceptron.html").read_text(encoding="utf-8")
    assert any(kind == "proof" and summary == "Proof" and INLINE_MATH in body
               for kind, summary, body in FOLD.findall(proof)), "the perceptron's proof is not folded"


def test_notes_are_quotes_and_their_display_mathematics_typeset(book):
    text = (book / f"{QUOTE_PAGE}.html").read_text(encoding="utf-8")
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", text, re.S)
    theorem = [q for q in quotes if "<strong>Universal approximation theorem.</strong>" in q]
    assert theorem, f"{QUOTE_PAGE} does not quote the universal approximation theorem"
    assert DISPLAY_MATH in theorem[0] and INLINE_MATH in theorem[0], \
        "the mathematics of a quoted theorem is not typeset"


def test_no_page_shows_myst_markup_as_text(book):
    """A MyST directive the parser did not read would show as text; code may show anything."""
    for page in PAGES:
        text = (book / f"{page}.html").read_text(encoding="utf-8")
        start, end = text.find("<article"), text.find("</article>")
        body = text[start:end] if 0 <= start < end else text
        prose = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "", body, flags=re.S)
        for raw in (":::", ":class:", "```{", "{admonition}", "{note}", "{warning}", "{dropdown}"):
            assert raw not in prose, f"{page}.html shows MyST markup {raw!r} as text"


# -- in the browser ------------------------------------------------------------------------
class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server(book):
    handler = functools.partial(QuietHandler, directory=str(book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium under Playwright; a test that needs it fails (not skips) without it."""
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is needed for the browser tests: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


class Visit:
    """Open one page, recording console errors and blocking requests to other hosts."""

    def __init__(self, browser, base: str, page: str):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page()
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(f"{base}/{page}.html", wait_until="load")

    def _route(self, route):
        url = urllib.parse.urlparse(route.request.url)
        if url.scheme in ("http", "https") and url.hostname != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()


@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(browser, server, book, page):
    visit = Visit(browser, server, page)
    p = visit.page
    html = (book / f"{page}.html").read_text(encoding="utf-8")
    if 'class="math' in html:
        p.wait_for_selector("mjx-container", state="attached", timeout=30_000)
        p.wait_for_function("() => !document.querySelector('mjx-merror')", timeout=10_000)
        assert p.locator("mjx-container").count() >= html.count('class="math'), \
            "some mathematics was not rendered by MathJax"
    flipbooks = p.locator(".dlbook-flipbook")
    for i in range(flipbooks.count()):
        book_ = flipbooks.nth(i)
        book_.scroll_into_view_if_needed()
        assert book_.get_attribute("data-ready") == "true", f"flipbook {i} did not initialise"
        img = book_.locator("img.dlbook-flipbook-frame")
        assert img.get_attribute("alt"), f"flipbook {i} has no alt text"
        for j in range(book_.locator("input[type=range]").count()):
            slider = book_.locator("input[type=range]").nth(j)
            before_src, before_frame = img.get_attribute("src"), book_.get_attribute("data-frame")
            before_text = book_.locator("output").nth(j).text_content()
            at_end = slider.input_value() == slider.get_attribute("max")
            slider.focus()
            p.keyboard.press("Home" if at_end else "End")
            assert book_.get_attribute("data-frame") != before_frame, \
                f"flipbook {i}: slider {j} did not change the frame"
            # The new frame is decompressed asynchronously; wait until it is on screen.
            p.wait_for_function(
                "el => el.getAttribute('data-shown') === el.getAttribute('data-frame')",
                arg=book_.element_handle(), timeout=10_000)
            assert img.get_attribute("src") != before_src, f"flipbook {i}: the image did not change"
            assert p.evaluate("el => el.naturalWidth > 0", img.element_handle()), \
                f"flipbook {i}: the new frame does not display"
            assert book_.locator("output").nth(j).text_content() != before_text
    p.wait_for_timeout(200)
    assert not visit.outside, f"{page} requested other hosts: {visit.outside}"
    assert not visit.errors, f"{page} logged console errors: {visit.errors}"
    p.close()


def test_a_solution_opens_when_asked(browser, server):
    visit = Visit(browser, server, SOLUTION_PAGE)
    p = visit.page
    fold = p.locator("details.dlbook-solution").filter(has=p.locator(".math")).first
    fold.scroll_into_view_if_needed()
    assert fold.locator("summary").is_visible() and fold.locator("summary").inner_text() == "Solution"
    assert not fold.locator("p").first.is_visible(), "the solution shows before it is opened"
    fold.locator("summary").click()
    assert fold.locator("p").first.is_visible(), "the solution does not open on a click"
    p.wait_for_selector("details.dlbook-solution[open] mjx-container", timeout=30_000)
    assert not visit.outside and not visit.errors
    p.close()


def test_search_finds_a_chapter(browser, server):
    visit = Visit(browser, server, "search")
    visit.page.goto(f"{server}/search.html?q=gradient", wait_until="load")
    visit.page.wait_for_selector("#search-results li", timeout=30_000)
    assert visit.page.locator("#search-results li").count() > 0
    assert not visit.outside and not visit.errors

"""Build the HTML book with warnings as errors, then read every page in Chromium.

The browser tests use Debian's Chromium (``apt-get install chromium``) through Playwright and
serve the built book on 127.0.0.1. Every request to any other host is blocked and reported.
Every page is also weighed (bytes transferred), checked with axe-core (vendored by
``make vendor``, injected by the test, never part of the book) and laid out at a phone's width.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import html
import http.server
import json
import os
import pathlib
import re
import shutil
import statistics
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
VENDOR = ROOT / "book" / "_vendor"
AXE = VENDOR / "axe-core" / "axe.min.js"
#: A phone (an iPhone 12-15's CSS width) and a desktop screen.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: Page weight, bytes transferred (uncompressed, as the test server sends them): the median page
#: must stay under MEDIAN_LIMIT, every page under PAGE_LIMIT.
MEDIAN_LIMIT = 2_000_000
PAGE_LIMIT = 3_000_000
#: What each page's browser test measured, for the summary tests at the end of this module.
MEASURED: dict[str, dict] = {}


@pytest.fixture(scope="module")
def book() -> pathlib.Path:
    """Build the book once for this module, failing on any Sphinx warning."""
    jupyter_book = pathlib.Path(sys.executable).with_name("jupyter-book")
    for vendored in [VENDOR / "mathjax" / "es5" / "startup.js", AXE,
                     VENDOR / "fontawesome" / "svgs" / "solid" / "bars.svg"]:
        assert vendored.exists(), "the vendored JavaScript is missing: run 'make vendor'"
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


def test_the_test_tools_are_not_shipped(book):
    assert not list(book.rglob("axe*.js")), "axe-core is copied into the book"


def test_pages_offer_download_colab_and_theme_switch(book):
    for page in PAGES:
        html = (book / f"{page}.html").read_text(encoding="utf-8")
        assert "theme-switch-button" in html, f"{page}: no light/dark switch"
        assert re.search(r'<link rel="icon" href="[^"]*_static/favicon\.svg"', html), \
            f"{page}: no favicon"
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
    "book/05-cnn/01-convolution": ["Shift, then convolve; or convolve, then shift"],
    "book/05-cnn/02-conv-layers": ["Output size and parameters of a convolution",
                                   "Receptive field against depth"],
    "book/05-cnn/03-pooling": ["Pooling and small shifts"],
    "book/05-cnn/04-variants": ["Tiled convolution: from shared to unshared weights"],
    "book/05-cnn/06-kernels": ["Hand-designed kernels on a photograph"],
    "book/06-regularization/01-norm-penalties": ["L1 and L2 penalties on a quadratic"],
    "book/06-regularization/02-augmentation-noise": [
        "Data augmentation: which transformations keep the digit?",
        "Label smoothing: targets and the loss along the logit gap"],
    "book/06-regularization/04-early-stopping": ["Early stopping: the patience"],
    "book/06-regularization/05-bagging-dropout": [
        "Dropout: masks, scale and the train-validation gap"],
    "book/06-regularization/07-adversarial": ["The fast gradient sign method on test digits"],
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

    def __init__(self, browser, base: str, page: str, viewport: dict = DESKTOP,
                 color_scheme: str = "light"):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.failed: list[str] = []
        # A page in a fresh context: nothing cached from the page before.
        self.page = browser.new_page(viewport=viewport, color_scheme=color_scheme)
        self.page.add_init_script("performance.setResourceTimingBufferSize(5000)")
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("response", lambda r: r.status >= 400 and self.failed.append(
            f"{r.status} {r.url}"))
        self.page.goto(f"{base}/{page}.html", wait_until="load")

    def _route(self, route):
        url = urllib.parse.urlparse(route.request.url)
        if url.scheme in ("http", "https") and url.hostname != "127.0.0.1":
            self.outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()


def transferred(p) -> dict[str, int]:
    """Bytes transferred for the page and everything it loaded, by URL (resource timing)."""
    entries = p.evaluate("""() => [...performance.getEntriesByType('navigation'),
                                   ...performance.getEntriesByType('resource')]
                                  .map(e => [e.name, e.transferSize])""")
    sizes: dict[str, int] = {}
    for name, size in entries:
        sizes[name] = sizes.get(name, 0) + size
    return sizes


def axe_violations(p) -> list[dict]:
    """axe-core's violations on the page as it is now: rule, impact, help and the first nodes."""
    p.add_script_tag(path=str(AXE))
    return p.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            count: v.nodes.length, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("critical", "serious")]


#: Elements wider than the screen that are not inside something that scrolls sideways.
OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width + 1)
        found.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + 'px');
    const scrolls = el => ['auto', 'scroll', 'hidden', 'clip'].includes(
        getComputedStyle(el).overflowX);
    for (const el of document.querySelectorAll('.bd-main *')) {
        if (el.closest('mjx-assistive-mml')) continue;  // MathML for screen readers, clipped
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1 ||
            !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
        // Fine if something that scrolls (or clips) it lies within the screen.
        let parent = el.parentElement, inside = false;
        for (; parent && parent !== document.body && !inside; parent = parent.parentElement)
            inside = scrolls(parent) && parent.getBoundingClientRect().right <= width + 1;
        if (!inside) found.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') +
                                ' reaches ' + Math.round(box.right) + 'px');
    }
    return found.slice(0, 5);
}"""

#: Icons drawn by dlbook.css: every icon the page shows has its SVG (and no icon font loads).
ICONS_JS = """() => [...document.querySelectorAll('[class*="fa-"]')]
    .filter(el => el.checkVisibility({visibilityProperty: true}) &&
                  /(^| )fa-(solid|regular|brands)|(^| )fa[srb]( |$)/.test(el.className))
    .filter(el => !getComputedStyle(el, '::before').maskImage.startsWith('url('))
    .map(el => el.className)"""


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
        controls = book_.locator("input[type=range], select")
        for j in range(controls.count()):
            control = controls.nth(j)
            output = control.locator("xpath=ancestor::label//output")
            before_src, before_frame = img.get_attribute("src"), book_.get_attribute("data-frame")
            before_text = output.text_content()
            if control.evaluate("el => el.tagName") == "SELECT":  # a named choice
                options = control.locator("option").count()
                current = int(control.input_value())
                control.select_option(str((current + 1) % options))
            else:
                at_end = control.input_value() == control.get_attribute("max")
                control.focus()
                p.keyboard.press("Home" if at_end else "End")
            assert book_.get_attribute("data-frame") != before_frame, \
                f"flipbook {i}: control {j} did not change the frame"
            # The new frame is decompressed asynchronously; wait until it is on screen.
            p.wait_for_function(
                "el => el.getAttribute('data-shown') === el.getAttribute('data-frame')",
                arg=book_.element_handle(), timeout=10_000)
            assert img.get_attribute("src") != before_src, f"flipbook {i}: the image did not change"
            assert p.evaluate("el => el.naturalWidth > 0", img.element_handle()), \
                f"flipbook {i}: the new frame does not display"
            assert output.text_content() != before_text, \
                f"flipbook {i}: control {j} does not show its new value"
    p.wait_for_load_state("networkidle")
    sizes = transferred(p)
    unstyled = p.evaluate(ICONS_JS)
    violations = axe_violations(p)
    p.set_viewport_size(PHONE)
    p.wait_for_timeout(400)  # the sidebars' transitions
    overflow = p.evaluate(OVERFLOW_JS)
    MEASURED[page] = {"bytes": sum(sizes.values()), "sizes": sizes, "axe": violations}
    assert not visit.outside, f"{page} requested other hosts: {visit.outside}"
    assert not visit.errors, f"{page} logged console errors: {visit.errors}"
    assert not visit.failed, f"{page}: requests failed: {visit.failed}"
    assert not [url for url in sizes if "webfonts" in url], f"{page} loads icon fonts"
    assert not unstyled, f"{page} shows icons that dlbook.css does not draw: {unstyled}"
    assert not serious(violations), f"{page}: axe-core finds {serious(violations)}"
    assert MEASURED[page]["bytes"] < PAGE_LIMIT, \
        f"{page} weighs {MEASURED[page]['bytes'] / 1e6:.1f} MB: {heaviest(sizes)}"
    assert not overflow, f"{page} at {PHONE['width']} px: {overflow}"
    p.close()


def heaviest(sizes: dict[str, int], n: int = 5) -> str:
    top = sorted(sizes.items(), key=lambda item: -item[1])[:n]
    return ", ".join(f"{urllib.parse.urlparse(url).path} {size / 1e3:.0f} kB" for url, size in top)


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


def test_search_box_of_a_page_finds_a_chapter(browser, server):
    """A page's own search box (which does not load the index) opens the search page."""
    visit = Visit(browser, server, SOLUTION_PAGE)
    p = visit.page
    p.locator(".search-button-field").first.click()
    p.locator("#pst-search-dialog input[name=q]").fill("gradient")
    p.keyboard.press("Enter")
    p.wait_for_selector("#search-results li", timeout=30_000)
    assert "search.html?q=gradient" in p.url
    assert not visit.outside and not visit.errors
    p.close()


# -- the page frame on a phone and on a desktop ---------------------------------------------
VISIBLE_JS = ("sel => [...document.querySelectorAll(sel)]"
              ".filter(e => e.checkVisibility({visibilityProperty: true})"
              " && e.getBoundingClientRect().width > 0).length")


def test_phone_menu_opens_and_closes_the_chapter_navigation(browser, server):
    visit = Visit(browser, server, SOLUTION_PAGE, viewport=PHONE)
    p = visit.page
    nav_link = p.locator("nav.bd-docs-nav a", has_text="Feed-forward networks")
    dialog = p.locator("#pst-primary-sidebar-modal")
    assert not nav_link.is_visible(), "the chapter navigation shows before it is asked for"
    toggle = p.locator("button.primary-toggle:visible")
    assert toggle.count() == 1, "a phone should show one menu button"
    for close in ("Escape", "backdrop"):
        toggle.click()
        p.wait_for_function("() => document.querySelector('#pst-primary-sidebar-modal').open")
        assert nav_link.is_visible(), "the menu button does not open the chapter navigation"
        if close == "Escape":
            p.keyboard.press("Escape")
        else:  # a tap beside the drawer
            p.mouse.click(PHONE["width"] - 5, PHONE["height"] // 2)
        p.wait_for_function("() => !document.querySelector('#pst-primary-sidebar-modal').open")
        nav_link.wait_for(state="hidden", timeout=2_000)  # (after the sidebar's transition)
        assert not dialog.evaluate("d => d.open"), f"the navigation does not close ({close})"
    toggle.click()
    nav_link.click()
    p.wait_for_url("**/03-feedforward/index.html")
    assert not visit.outside and not visit.errors and not visit.failed
    p.close()


def test_phone_on_this_page_button_opens_the_contents(browser, server):
    visit = Visit(browser, server, SOLUTION_PAGE, viewport=PHONE)
    p = visit.page
    toc = p.locator("nav.page-toc a").first
    assert not toc.is_visible()
    toggle = p.locator("button.secondary-toggle:visible")
    assert toggle.count() == 1, "a phone should show one on-this-page button"
    toggle.click()
    p.wait_for_function("() => document.querySelector('#pst-secondary-sidebar-modal').open")
    assert toc.is_visible(), "the on-this-page button does not show the page's contents"
    p.keyboard.press("Escape")
    p.wait_for_function("() => !document.querySelector('#pst-secondary-sidebar-modal').open")
    toc.wait_for(state="hidden", timeout=2_000)
    assert not visit.outside and not visit.errors and not visit.failed
    p.close()


def test_desktop_shows_one_header_with_one_search_box(browser, server):
    visit = Visit(browser, server, SOLUTION_PAGE, viewport=DESKTOP)
    p = visit.page
    assert p.evaluate(VISIBLE_JS, "#pst-header, .bd-header-article") == 1, "more than one header"
    assert p.evaluate(VISIBLE_JS, ".search-button, .search-button-field, "
                                  "input[type=search]") == 1, "not exactly one search box"
    assert p.locator("nav.bd-docs-nav").is_visible(), "no chapter navigation beside the text"
    assert p.locator("nav.page-toc").is_visible(), "no contents of the page beside the text"
    # The article header's menu button folds the navigation away and back.
    sidebar = p.locator("#pst-primary-sidebar")
    p.locator("button.primary-toggle:visible").click()
    p.wait_for_function("() => getComputedStyle(document.querySelector("
                        "'#pst-primary-sidebar')).visibility === 'hidden'")
    p.locator("button.primary-toggle:visible").click()
    p.wait_for_function("() => getComputedStyle(document.querySelector("
                        "'#pst-primary-sidebar')).visibility === 'visible'")
    assert sidebar.is_visible()
    assert not visit.outside and not visit.errors and not visit.failed
    p.close()


#: Pages with wide figures: two-panel images and flipbooks.
WIDE_FIGURE_PAGES = ["book/03-feedforward/02-activations", "book/02-regression/05-gradient-descent"]
#: On a phone a figure keeps at least this width (or its own, if smaller), in CSS pixels.
PHONE_FIGURE_WIDTH = 640


@pytest.mark.parametrize("page", WIDE_FIGURE_PAGES)
def test_figures_stay_readable_on_a_phone(browser, server, page):
    visit = Visit(browser, server, page, viewport=PHONE)
    p = visit.page
    figures = p.evaluate("""() => [...document.querySelectorAll(
            '.cell_output img, .dlbook-flipbook-frame')].map(img => {
        let box = img.parentElement;
        while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX))
            box = box.parentElement;
        return {natural: img.naturalWidth, shown: img.getBoundingClientRect().width,
                scrolls: !!box && box.scrollWidth > box.clientWidth,
                flipbook: img.classList.contains('dlbook-flipbook-frame')};
    })""")
    wide = [f for f in figures if f["natural"] > PHONE["width"]]
    assert wide, f"{page} has no figure wider than a phone: {figures}"
    for f in wide:
        assert f["shown"] >= min(f["natural"], PHONE_FIGURE_WIDTH) - 1, \
            f"a figure {f['natural']} px wide shows {f['shown']:.0f} px wide on a phone"
        assert f["scrolls"], "a figure wider than the phone is not in a sideways-scrolling box"
    print(f"\n{page}: rendered/natural width at {PHONE['width']} px: " +
          ", ".join(f"{f['shown'] / f['natural']:.2f}" for f in wide))
    assert p.evaluate(OVERFLOW_JS) == []
    assert not serious(axe_violations(p)), f"{page} on a phone: {serious(axe_violations(p))}"
    p.close()


def test_favicon_loads(browser, server):
    visit = Visit(browser, server, "book/intro")
    p = visit.page
    href = p.evaluate("() => document.querySelector('link[rel=icon]').href")
    response = p.request.get(href)
    assert response.status == 200 and "svg" in response.headers["content-type"]
    p.goto(href)
    assert p.evaluate("() => document.documentElement.tagName") == "svg"
    p.close()


#: Pages checked again in dark mode: coloured model summaries, flipbooks, solutions.
DARK_PAGES = ["book/03-feedforward/06-mnist-mlp", "book/02-regression/05-gradient-descent",
              SOLUTION_PAGE]


@pytest.mark.parametrize("page", DARK_PAGES)
def test_dark_mode_is_accessible(browser, server, page):
    visit = Visit(browser, server, page, color_scheme="dark")
    p = visit.page
    assert p.evaluate("() => document.documentElement.dataset.theme") == "dark"
    if p.locator(".math").count():
        p.wait_for_selector("mjx-container", state="attached", timeout=30_000)
    violations = axe_violations(p)
    assert not serious(violations), f"{page} in dark mode: axe-core finds {serious(violations)}"
    p.close()


@functools.cache
def _gzipped_size(path: pathlib.Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6)) if path.is_file() else 0


def gzipped(book: pathlib.Path, url: str) -> int:
    """Bytes of a file of the book once gzip-compressed (what a web host sends)."""
    path = urllib.parse.unquote(urllib.parse.urlparse(url).path).lstrip("/")
    return _gzipped_size(book / path)


def test_pages_are_light_and_accessible(browser, server, book):
    """The book as a whole: median page weight, the heaviest pages, axe-core's findings."""
    for page in PAGES:  # pages whose browser test did not run here
        if page not in MEASURED:
            visit = Visit(browser, server, page)
            visit.page.wait_for_load_state("networkidle")
            sizes = transferred(visit.page)
            MEASURED[page] = {"bytes": sum(sizes.values()), "sizes": sizes,
                              "axe": axe_violations(visit.page)}
            visit.page.close()
    weights = sorted((m["bytes"], page) for page, m in MEASURED.items())
    median = statistics.median(w for w, _ in weights)
    compressed = sorted(sum(gzipped(book, url) for url in m["sizes"]) for m in MEASURED.values())
    impacts: dict[str, int] = {}
    for m in MEASURED.values():
        for v in m["axe"]:
            impacts[v["impact"]] = impacts.get(v["impact"], 0) + v["count"]
    report = (f"{len(weights)} pages: median {median / 1e6:.2f} MB, heaviest " +
              ", ".join(f"{page} {w / 1e6:.2f} MB" for w, page in weights[::-1][:3]) +
              f"; gzip-compressed as a web host serves them, median "
              f"{statistics.median(compressed) / 1e6:.2f} MB, max {compressed[-1] / 1e6:.2f} MB"
              f"; axe-core findings (elements) by impact: {impacts or 'none'}")
    print("\n" + report)
    (book.parent / "browser-report.json").write_text(json.dumps(
        {"summary": report, "pages": {page: {"bytes": m["bytes"], "axe": m["axe"]}
                                      for page, m in MEASURED.items()}}, indent=1))
    assert median < MEDIAN_LIMIT, report

/* Display mathematics wider than the column, and on a phone a figure wider than the screen,
   scroll sideways. A region that scrolls must be reachable from the keyboard, so each one that
   does gets a tab stop, as the theme gives code: when the page has loaded, after MathJax has
   typeset it, when the window is resized and when a folded solution opens. */
(function () {
  "use strict";
  var SCROLLING = 'mjx-container[display="true"], .cell_output, .dlbook-flipbook';
  function tabStops() {
    document.querySelectorAll(SCROLLING).forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
      } else {
        el.removeAttribute("tabindex");
      }
    });
  }
  window.addEventListener("load", function () {
    tabStops();
    var mathjax = window.MathJax;
    if (mathjax && mathjax.startup && mathjax.startup.promise) {
      mathjax.startup.promise.then(tabStops);
    }
  });
  window.addEventListener("resize", tabStops);
  document.addEventListener("toggle", tabStops, true);
})();

// A code block or output that is wider than the article scrolls sideways; make
// it reachable with the keyboard (Tab, then the arrow keys), as WCAG asks of
// any scrolling region. Only blocks that really scroll get a tab stop.
(() => {
  const mark = () => {
    for (const pre of document.querySelectorAll("article pre")) {
      if (pre.scrollWidth > pre.clientWidth + 1) pre.setAttribute("tabindex", "0");
      else if (pre.getAttribute("tabindex") === "0") pre.removeAttribute("tabindex");
    }
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
  let timer;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(mark, 150); });
  document.addEventListener("toggle", mark, true);  // a folded cell opened
})();

// Added to every page by cppcc.web.ui.page_chrome(), once per browser tab.
// - Print: a plotly chart keeps the pixel width it was drawn at, wider than an A4 page;
//   each chart carries the zoom that fits it on a portrait and a landscape page
//   (assets/page.css applies it under @media print).
// - The map's hover box (deck.gl places it right of and below the pointer) moves to
//   the pointer's left (or above it) where it would cross the map's edge.
// - 复制链接 and 打印: the toolbar's buttons (cppcc.web.ui.page_toolbar).
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  const win = doc.defaultView || window;
  if (win.__cppccPage) return;
  win.__cppccPage = true;
  // the width an A4 page leaves at 12 mm margins, in CSS pixels (96 per inch)
  const PORTRAIT = (210 - 24) / 25.4 * 96, LANDSCAPE = (297 - 24) / 25.4 * 96;
  function fit() {
    doc.querySelectorAll(".stPlotlyChart .js-plotly-plot").forEach((plot) => {
      const width = plot.getBoundingClientRect().width;
      if (!width || win.matchMedia("print").matches) return;
      plot.style.setProperty("--cppcc-zoom-portrait", Math.min(1, PORTRAIT / width).toFixed(4));
      plot.style.setProperty("--cppcc-zoom-landscape", Math.min(1, LANDSCAPE / width).toFixed(4));
    });
  }
  win.setInterval(fit, 700);
  win.addEventListener("beforeprint", fit);
  function keepInside(tip) {
    const frame = tip.parentElement.getBoundingClientRect();
    const box = tip.getBoundingClientRect();
    const shiftedX = parseFloat(tip.style.marginLeft) || 0;
    const shiftedY = parseFloat(tip.style.marginTop) || 0;
    const left = box.left - shiftedX, top = box.top - shiftedY;
    let x = 0, y = 0;
    if (left + box.width > frame.right - 4) {
      x = Math.max(-(box.width + 24), frame.left + 4 - left);
    }
    if (top + box.height > frame.bottom - 4) {
      y = Math.max(-(box.height + 24), frame.top + 4 - top);
    }
    if (x !== shiftedX) tip.style.marginLeft = `${x}px`;
    if (y !== shiftedY) tip.style.marginTop = `${y}px`;
  }
  new win.MutationObserver((changes) => {
    changes.forEach((change) => {
      const tip = change.target;
      if (tip.classList && tip.classList.contains("deck-tooltip") && tip.style.display !== "none") {
        keepInside(tip);
      }
    });
  }).observe(doc.body, { subtree: true, attributes: true, attributeFilter: ["style"] });
  function copy(text) {
    if (win.navigator.clipboard && win.isSecureContext) {
      return win.navigator.clipboard.writeText(text);
    }
    // an intranet address over http has no clipboard API: the old way still works
    const area = doc.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    doc.body.appendChild(area);
    area.select();
    doc.execCommand("copy");
    area.remove();
    return Promise.resolve();
  }
  doc.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-cppcc-action]");
    if (!button) return;
    const action = button.getAttribute("data-cppcc-action");
    if (action === "print") win.print();
    if (action === "copy") {
      const done = button.parentElement.querySelector(".cppcc-done");
      copy(win.location.href).then(() => { if (done) done.textContent = button.dataset.done; });
    }
  });
})();

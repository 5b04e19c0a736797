"""The browser side of the bench: Debian's Chromium with the browser tests' flags, a
new session per context, and the in-page clocks for the first chart and a change.

The clocks are in ms since the document's navigation started, read from the page.
"""

import json
import shutil

from bench.harness import log

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# the flags the browser tests and the bench drive it with (tests/browser/conftest.py
# imports them from here): headless in a container, nothing fetched from the network
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1366, "height": 900}

# What draws each page's data, as a CSS selector: the first chart is there once it is in
# the DOM and the browser has had one animation frame to paint it.
PLOTLY = ".js-plotly-plot .main-svg g.trace"
PAGES = {
    "overview": ("", PLOTLY),
    "map": ("map", '[data-testid="stDeckGlJsonChart"] canvas'),
    "yoy": ("yoy", PLOTLY),
    "proposals": ("proposals", PLOTLY),
    "sources": ("sources", '[data-testid="stDataFrame"] canvas'),
}
# no Streamlit element is running any more: the page's run has finished
IDLE_JS = """() => !document.querySelector('[data-testid="stStatusWidget"]')"""

# Records when the selector's element first appears (DOM) and the next animation frame
# after it (painted), both in ms since this document's navigation started.
FIRST_CHART_JS = """
(() => {
  const selector = %s;
  window.__benchElement = null;
  window.__benchFirst = null;
  window.__benchPaint = null;
  const mark = () => {
    if (window.__benchElement === null
        && document.querySelector('[data-testid="stElementContainer"]')) {
      window.__benchElement = performance.now();
    }
    if (window.__benchFirst === null && document.querySelector(selector)) {
      window.__benchFirst = performance.now();
      requestAnimationFrame(() => { window.__benchPaint = performance.now(); });
    }
  };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true});
  // when the browser sends to and hears from the server, to split an interaction's time
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) {
    window.__benchSent = performance.now();
    if (!this.__benchHeard) {
      this.__benchHeard = true;
      this.addEventListener('message', () => {
        window.__benchHeard = performance.now();
        if (window.__benchFirstHeard === null) window.__benchFirstHeard = window.__benchHeard;
      });
    }
    return send.apply(this, args);
  };
})();
"""

# Before one selector change: waits for the chart title to become ``expected`` and keeps
# the time of the user's pointer press that chose the option.
WATCH_TITLE_JS = """
([container, expected]) => {
  window.__benchInput = null;
  window.__benchSent = null;
  window.__benchFirstHeard = null;
  window.__benchHeardBeforeChange = null;
  window.__benchChanged = null;
  window.__benchChangedPaint = null;
  if (window.__benchObserver) window.__benchObserver.disconnect();
  const check = () => {
    const titles = [...document.querySelectorAll(container + ' .gtitle')].map(e => e.textContent);
    if (window.__benchChanged === null && titles.includes(expected)) {
      window.__benchChanged = performance.now();
      window.__benchHeardBeforeChange = window.__benchHeard;
      requestAnimationFrame(() => { window.__benchChangedPaint = performance.now(); });
    }
  };
  window.__benchObserver = new MutationObserver(check);
  window.__benchObserver.observe(document.body,
                                 {subtree: true, childList: true, characterData: true});
  window.addEventListener('pointerdown', e => { window.__benchInput = e.timeStamp; },
                          {capture: true, once: true});
}
"""


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def new_page(browser, selector: str):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.add_init_script(FIRST_CHART_JS % json.dumps(selector))
    return context, context.new_page()


def first_chart_ms(page, timeout_ms: float = 30_000) -> float:
    page.wait_for_function("() => window.__benchPaint !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__benchPaint")


def load(browser, url: str, selector: str) -> dict:
    """A fresh session (its own context) opens ``url``: ms to its first element and to
    its first chart painted, and the page's main-thread CPU time until then."""
    context, page = new_page(browser, selector)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        page.goto(url, wait_until="commit", timeout=60_000)
        chart = first_chart_ms(page, timeout_ms=60_000)
        element = page.evaluate("() => window.__benchElement")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {
            "chart": chart,
            "element": element,
            "script": metrics.get("ScriptDuration", 0) * 1000,
            "task": metrics.get("TaskDuration", 0) * 1000,
        }
    except Exception as error:  # a page that never shows its chart is a result, not a crash
        log(f"  no chart at {url}: {str(error).splitlines()[0]}")
        return {}
    finally:
        context.close()

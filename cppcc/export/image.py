"""Charts as PNG and SVG composed for a slide, rendered by one warm Chromium.

The image is not a screenshot of the page's widget: it is drawn again at the slide's
size with larger type, its title, a subtitle with the period and unit, the honesty
marks the page shows, the “数据来源” footnote and, if configured, the office's name.

Rendering goes through kaleido driving the system Chromium (never a downloaded
one). Starting Chromium costs seconds, so one renderer is started on the first
export and kept for the life of the process; later exports take a fraction of a
second. Facts that shaped this module:

- one kaleido browser is not safe to share between threads (two Streamlit sessions
  exporting at once got each other's images), so renders are serialised by a lock;
- a browser path that does not exist makes kaleido's own sync server hang every later
  export, so the path is checked first, and every wait here has a time limit;
- kaleido fetches MathJax from the internet unless told ``mathjax=False``.
"""

import asyncio
import atexit
import contextlib
import html
import math
import os
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import date
from pathlib import Path

import plotly.graph_objects as go

from cppcc import charts, maps, settings
from cppcc.charts import ChartSpec, PictureSpec
from cppcc.export import alt
from cppcc.i18n import text

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# (width, height): a PNG has exactly these pixels (type grows with the height, so a
# 3840×2160 picture looks like the 1920×1080 one, only sharper); an SVG has this size
SIZES = {
    "3840x2160": (3840, 2160),
    "1920x1080": (1920, 1080),
    "1280x720": (1280, 720),
    "1024x768": (1024, 768),
}
RATIOS = {"3840x2160": "16:9", "1920x1080": "16:9", "1280x720": "16:9", "1024x768": "4:3"}
START_TIMEOUT = 60
RENDER_TIMEOUT = 60
# two tabs: one renders while the other reloads after its last image (_reload_after_return)
TABS = 2


class ExportUnavailable(RuntimeError):
    """The image cannot be made; the message says why, in the user's language."""


def chromium_path() -> Path:
    """The Chromium kaleido drives: ``CPPCC_CHROMIUM`` if set, else Debian's."""
    return Path(settings.env("CPPCC_CHROMIUM") or DEFAULT_CHROMIUM)


def chromium_missing(lang: str = "zh") -> str | None:
    """A message for the user if there is no usable Chromium, else None."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return text("export_no_chromium", lang, path=str(path))


def compose(
    spec: ChartSpec,
    size: tuple[int, int] = SIZES["1920x1080"],
    *,
    office: str = "",
    day: date | None = None,
) -> go.Figure:
    """The chart laid out for a slide of ``size`` CSS pixels, on white."""
    width, height = size
    # type and marks grow with the slide: 13 px body text on the page is 26 px at 1080p
    scale = height / 540
    # charts.figure names the template already: naming it again costs ~10 ms (a copy)
    fig = charts.figure(spec, scale=scale, width=width - 110 * scale)
    fig.update_layout(
        width=width,
        height=height,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin={"l": 60 * scale, "r": 40 * scale},
        title={"x": 30 * scale / width},
    )
    fig.update_annotations(selector={"name": "footnote"}, xshift=-30 * scale)
    stamp = [office] if office else []
    if day is not None:
        stamp.append(day.isoformat())
    if stamp:
        fig.add_annotation(
            text=" · ".join(stamp),
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            # up into the top margin, level with the title
            yshift=fig.layout.margin.t - 12 * scale - 20 * scale,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 11 * scale, "color": "#555"},
        )
    return fig


class _Renderer:
    """One kaleido browser on its own event loop thread; callers wait with a limit."""

    def __init__(self, path: Path) -> None:
        import kaleido

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="cppcc-kaleido", daemon=True
        )
        self.thread.start()

        async def start():
            browser = kaleido.Kaleido(path=str(path), n=TABS, mathjax=False, timeout=RENDER_TIMEOUT)
            await browser.open()
            _reload_after_return(browser)
            return browser

        try:
            self.kaleido = self._wait(start(), START_TIMEOUT)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            raise

    def _wait(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise

    def render(self, fig: go.Figure, opts: dict) -> bytes:
        return self._wait(self.kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT + 5)

    def close(self) -> None:
        # closing a browser that already failed is best effort
        with contextlib.suppress(Exception):
            self._wait(self.kaleido.close(), 10)
        self.loop.call_soon_threadsafe(self.loop.stop)


def _reload_after_return(browser) -> None:
    """Hand the image back before its tab is reloaded, not after.

    kaleido reloads a tab (plotly.js parsed again) after every render and only then
    returns the bytes: about half of a warm PNG's time (#24). Here the reload runs
    on the renderer's loop after the bytes are returned; the next render takes the
    other tab (``TABS``) or waits for this one in kaleido's queue, so no render ever
    uses a tab that was not reloaded. A kaleido without the hook keeps its own order."""
    give_back = getattr(browser, "_return_kaleido_tab", None)
    if give_back is None:
        return
    reloading: set[asyncio.Task] = set()

    async def later(tab) -> None:
        task = asyncio.get_running_loop().create_task(give_back(tab))
        reloading.add(task)
        task.add_done_callback(reloading.discard)

    browser._return_kaleido_tab = later


_lock = threading.Lock()
_renderer: _Renderer | None = None


def _shutdown() -> None:
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


atexit.register(_shutdown)


def render(fig: go.Figure, fmt: str, size: tuple[int, int], scale: float, lang: str = "zh"):
    """Bytes of ``fig`` as ``fmt`` ('png' or 'svg'); one render at a time per process."""
    global _renderer
    message = chromium_missing(lang)
    if message:
        raise ExportUnavailable(message)
    opts = {"format": fmt, "width": size[0], "height": size[1], "scale": scale}
    with _lock:
        try:
            if _renderer is None:
                _renderer = _Renderer(chromium_path())
            return _renderer.render(fig, opts)
        except Exception as error:
            # a browser that failed once is not trusted again: the next export starts afresh
            if _renderer is not None:
                _renderer.close()
                _renderer = None
            raise ExportUnavailable(text("export_failed", lang)) from error


def warm() -> None:
    """Start the renderer now rather than on the first export, and render once on
    each of its tabs: a tab's first plotly.js render and its first Chinese glyphs
    cost more than the later ones."""
    # an empty bar chart (no figure, nothing shown anywhere) titled in Chinese
    fig = go.Figure(go.Bar(), layout={"template": charts.TEMPLATE, "title": {"text": "预热"}})
    for _ in range(TABS):
        render(fig, "png", (192, 108), 1)


_warming_lock = threading.Lock()
_warming: threading.Thread | None = None


def warm_in_background(delay_s: float = 5.0) -> threading.Thread | None:
    """Start the renderer on a thread of its own, once per process, ``delay_s`` from now.

    The server calls this after its first page is sent, so the first PNG of a session
    does not wait seconds for Chromium; the delay keeps Chromium's start from competing
    with the first page for the CPU. Returns the thread (None when there is no browser)."""
    global _warming
    with _warming_lock:
        if _warming is not None or chromium_missing():
            return _warming

        def run() -> None:
            time.sleep(delay_s)
            # a failed start is retried by the first export, which reports it properly
            with contextlib.suppress(Exception):
                warm()

        _warming = threading.Thread(target=run, name="cppcc-kaleido-warm", daemon=True)
        _warming.start()
        return _warming


def parse_size(value: str) -> tuple[int, int] | None:
    """``1920x1080`` (or ``1920×1080``) as (1920, 1080); None if it is not a size."""
    parts = value.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    width, height = (int(p) for p in parts)
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        return None
    return width, height


def png(
    spec: ChartSpec,
    size: tuple[int, int] = SIZES["1920x1080"],
    *,
    office: str = "",
    day: date | None = None,
) -> bytes:
    """A white PNG of exactly ``size`` pixels."""
    return render(compose(spec, size, office=office, day=day), "png", size, 1, spec.lang)


def svg(
    spec: ChartSpec,
    size: tuple[int, int] = SIZES["1920x1080"],
    *,
    office: str = "",
    day: date | None = None,
) -> bytes:
    """An SVG; its text stays text, drawn by whatever CJK font the viewer has."""
    drawn = render(compose(spec, size, office=office, day=day), "svg", size, 1, spec.lang)
    return described(drawn, spec.title, alt.describe(spec))


def described(svg_bytes: bytes, title: str, description: str) -> bytes:
    """The SVG with a ``<title>`` and ``<desc>`` as its first children, named by
    ``role="img"`` and ``aria-labelledby``: what a screen reader, a file browser's
    preview or a document that embeds the image reads for it."""
    drawn = svg_bytes.decode("utf-8")
    start = drawn.find("<svg")
    end = drawn.find(">", start)
    if start < 0 or end < 0:
        return svg_bytes
    opening = drawn[start:end].rstrip("/")
    head = (
        f'{opening} role="img" aria-labelledby="cppcc-title cppcc-desc">'
        f'<title id="cppcc-title">{html.escape(title, quote=False)}</title>'
        f'<desc id="cppcc-desc">{html.escape(description, quote=False)}</desc>'
    )
    closing = "</svg>" if drawn[end - 1] == "/" else ""
    return (drawn[:start] + head + closing + drawn[end + 1 :]).encode("utf-8")


def _wrap_chars(line: str, width_em: float) -> list[str]:
    """Break a sentence into lines of at most ``width_em`` (CJK text has no spaces)."""
    lines, current = [], ""
    for char in line:
        if current and charts._text_width(current + char) > width_em:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def _fit_labels(fig: go.Figure, plot_width: float, plot_height: float, zoom) -> None:
    """Size the map's labels and dots to the map as drawn here, as on the page: the
    page shows the map at deck.gl's fixed zoom, where the label layout was worked out."""
    xs = [x for trace in fig.data for x in (trace.x or ()) if x is not None]
    ys = [y for trace in fig.data for y in (trace.y or ()) if y is not None]
    if not xs or not ys:
        return
    stretch = 1 / math.cos(math.radians(sum(ys) / len(ys)))
    per_degree = min(
        plot_width / (max(xs) - min(xs)), plot_height / ((max(ys) - min(ys)) * stretch)
    )
    zoom = zoom or maps.REGION_VIEW["zoom"]
    ratio = per_degree / (512 * 2**zoom / 360)
    for annotation in fig.layout.annotations:
        annotation.font.size = (annotation.font.size or 14) * ratio
    fig.update_traces(marker_size=2 * maps.DOT_RADIUS * ratio, selector={"mode": "markers"})


def compose_picture(
    picture: PictureSpec, size: tuple[int, int], *, office: str = "", day: date | None = None
) -> tuple[go.Figure, tuple[int, int], float]:
    """The map laid out on its own image: title and period on top, the map on the left,
    its notes (colour key, what is not drawn, the boundaries) on the right, the
    footnote below. Drawn at 540 CSS pixels high and scaled up, so the labels keep the
    proportions they have on the page; returns the figure, its CSS size and the scale."""
    scale = size[1] / 540
    width, height = size[0] / scale, 540
    notes_width = width * 0.42
    footnote = charts.footnote_lines(picture.sources, picture.lang, width_em=width / 11 - 4)
    fig = go.Figure(picture.figure)  # its template named already (maps.picture)
    fig.update_layout(
        width=width,
        height=height,
        margin={"l": 24, "r": notes_width, "t": 74, "b": 26 + 15 * len(footnote)},
        title={
            "text": picture.title,
            "x": 24 / width,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12},
            "font": {"size": 17},
            "subtitle": {"text": picture.subtitle, "font": {"size": 12.5, "color": "#555"}},
        },
    )
    _fit_labels(
        fig, width - 24 - notes_width, height - 74 - (26 + 15 * len(footnote)), picture.zoom
    )
    lines = []
    for note in picture.notes:
        lines += [*_wrap_chars(note, (notes_width - 40) / 12.5), ""]
    fig.add_annotation(
        text="<br>".join(lines).strip(),
        xref="paper",
        yref="paper",
        x=1,
        y=1,
        xshift=20,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 12.5, "color": "#444"},
    )
    fig.add_annotation(
        text="<br>".join(footnote),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-10,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    stamp = [office] if office else []
    if day is not None:
        stamp.append(day.isoformat())
    if stamp:
        fig.add_annotation(
            text=" · ".join(stamp),
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xshift=notes_width - 24,
            yshift=50,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": 11, "color": "#555"},
        )
    return fig, (round(width), height), scale


def picture_png(
    picture: PictureSpec,
    size: tuple[int, int] = SIZES["1920x1080"],
    *,
    office: str = "",
    day: date | None = None,
) -> bytes:
    """The map as a white PNG of exactly ``size`` pixels, with its title and sources."""
    fig, css, scale = compose_picture(picture, size, office=office, day=day)
    return render(fig, "png", css, scale, picture.lang)


def picture_svg(
    picture: PictureSpec,
    size: tuple[int, int] = SIZES["1920x1080"],
    *,
    office: str = "",
    day: date | None = None,
) -> bytes:
    fig, css, _ = compose_picture(picture, size, office=office, day=day)
    drawn = render(fig, "svg", css, 1, picture.lang)
    return described(drawn, picture.title, alt.describe(picture))


def slide_image(picture: PictureSpec):
    """A picture chart (the map) rendered for a PowerPoint slide (a ``deck.SlideImage``):
    tall, white, 2×."""
    # python-pptx is imported here, not with this module: off the first chart's path
    from cppcc.export.deck import SlideImage

    # drawn small and scaled up, so the page's 14 px labels read at about 11 pt on the slide
    size = (450, 500)
    fig = go.Figure(picture.figure)
    fig.update_layout(width=size[0], height=size[1])
    image = render(fig, "png", size, 4, picture.lang)
    return SlideImage(
        picture.title,
        picture.subtitle,
        image,
        picture.sources,
        picture.notes,
        picture.lang,
    )

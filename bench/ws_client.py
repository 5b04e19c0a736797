"""A light Streamlit client: one WebSocket on /_stcore/stream speaking the browser's
protobuf messages, no rendering. Used for the session burst, so the server is measured
rather than twenty Chromium renderers competing with it for two cores.

A session is: connect, send the ``rerun_script`` the browser sends on load, read the
server's ForwardMsgs until the script finishes, noting when the first chart (a plotly
element) arrives. The socket then stays open, as a visitor's tab does, until closed.
"""

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.protocol import State


class PageError(RuntimeError):
    """The page showed an exception: the app is broken, not the server overloaded."""


async def open_session(url: str, path: str = "", timeout: float = 120) -> dict:
    """Open one session on ``url`` (http://host:port) at ``path``; returns seconds from
    connect to the first chart and to the script's end, and the open socket."""
    started = time.perf_counter()
    socket = await connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        open_timeout=timeout,
        max_size=None,
    )
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = path
    # the browser's context_info is optional; an empty one is what a bare client sends
    await socket.send(message.SerializeToString())
    first_chart = finished = None
    deadline = started + timeout
    while time.perf_counter() < deadline:
        raw = await asyncio.wait_for(socket.recv(), deadline - time.perf_counter())
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        element = (
            forward.delta.new_element.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element"
            else None
        )
        if element == "exception":
            raise PageError(forward.delta.new_element.exception.message[:200])
        if first_chart is None and element == "plotly_chart":
            first_chart = time.perf_counter() - started
        # the router's first-visit rerun (cppcc.web.ui.ensure_router) finishes a run
        # without a chart; the next run follows on its own
        if kind == "script_finished" and first_chart is not None:
            finished = time.perf_counter() - started
            break
    return {"first_chart_s": first_chart, "finished_s": finished, "socket": socket}


async def visit(url: str, path: str = "", timeout: float = 60, quiet_s: float = 1.0) -> list:
    """One session runs a page to its end, then closes: a server's first visit of the
    page (its imports, its cached queries) without a browser. Reads until a run has
    finished and ``quiet_s`` pass without another message (the router's first-visit
    rerun follows a finished run by itself). Returns the element types the page sent."""
    message = BackMsg()
    message.rerun_script.query_string = ""
    message.rerun_script.page_name = path
    elements = []
    deadline = time.perf_counter() + timeout
    async with connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        open_timeout=timeout,
        max_size=None,
    ) as socket:
        await socket.send(message.SerializeToString())
        finished = False
        while time.perf_counter() < deadline:
            wait = quiet_s if finished else deadline - time.perf_counter()
            try:
                raw = await asyncio.wait_for(socket.recv(), max(0.01, wait))
            except TimeoutError:
                if finished:
                    break
                raise
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                elements.append(forward.delta.new_element.WhichOneof("type"))
            finished = kind == "script_finished" or (finished and kind != "delta")
    return elements


async def burst(url: str, count: int, timeout: float = 120) -> list[dict]:
    """``count`` sessions opened at the same instant; each result keeps its socket."""
    results = await asyncio.gather(
        *(open_session(url, timeout=timeout) for _ in range(count)), return_exceptions=True
    )
    return [
        r
        if isinstance(r, dict)
        else {"error": f"{type(r).__name__}: {r}", "dropped": isinstance(r, ConnectionClosed)}
        for r in results
    ]


async def close_all(results: list[dict]) -> int:
    """Close every session's socket; returns how many the server had dropped already
    (a socket the client found closed, e.g. after the server missed its pings)."""
    for result in results:
        socket = result.pop("socket", None)
        if socket is not None:
            if socket.state is not State.OPEN:
                result["dropped"] = True
            await socket.close()
    return sum(bool(result.get("dropped")) for result in results)

"""What the web server adds to Streamlit's: the app's address, told to the browser.

Opened straight at a page's address (``/map``, a bookmark), Streamlit's front end does
not know where the server's endpoints live, so it first asks ``/map/_stcore/health``
and ``/map/_stcore/host-config``, gets 404 for both, and only then tries ``/``
(streamlit/streamlit#7074): two errors in the console on every page load. The front
end skips that guess when the page declares ``window.__streamlit.BACKEND_BASE_URL``;
this middleware writes that declaration into every HTML page the server sends.

It also sets and clears the staff session cookie (``SessionCookie``), which a script
run cannot do.
"""

import json
from urllib.parse import parse_qs

from cppcc.upload import sessions

_SKIP = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/")


def base_url_script(base_path: str) -> bytes:
    """The script that names the server's root (``server.baseUrlPath`` included)."""
    root = "/" + base_path.strip("/") + ("/" if base_path.strip("/") else "")
    return (
        "<script>window.__streamlit = Object.assign({}, window.__streamlit, "
        f"{{BACKEND_BASE_URL: new URL({json.dumps(root)}, window.location.href).href}});"
        "</script>"
    ).encode()


class BaseUrlScript:
    """ASGI middleware: put :func:`base_url_script` at the top of each HTML page."""

    def __init__(self, app, base_path: str = "") -> None:
        self.app = app
        self.script = base_url_script(base_path)

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or any(s in path for s in _SKIP):
            await self.app(scope, receive, send)
            return
        # ask for the page uncompressed, so it can be read and changed
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
        scope = {**scope, "headers": headers}
        start, chunks = None, []

        async def capture(message):
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            kind = dict(start["headers"]).get(b"content-type", b"")
            if not kind.startswith(b"text/html"):
                if start is not None:
                    await send(start)
                    start = None
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks).replace(b"<head>", b"<head>" + self.script, 1)
            fixed = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            fixed.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": fixed})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


SESSION_PATH, SIGNOUT_PATH = "/_cppcc/session", "/_cppcc/signout"


def _cookie(value: str, max_age: int) -> bytes:
    return (
        f"{sessions.COOKIE}={value}; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Strict"
    ).encode()


def cookie_headers(path: str, query: str) -> list[tuple[bytes, bytes]] | None:
    """The ``Set-Cookie`` for a staff session address (None: not one of them).

    ``…/_cppcc/session?ticket=`` turns a fresh sign-in ticket (``cppcc.upload.sessions``)
    into the session cookie; ``…/_cppcc/signout`` clears it. A bad ticket sets nothing."""
    if path.endswith(SIGNOUT_PATH):
        return [(b"set-cookie", _cookie("", 0))]
    if not path.endswith(SESSION_PATH):
        return None
    ticket = parse_qs(query).get("ticket", [""])[0]
    found = sessions.read(ticket, "ticket")
    if found is None:
        return []
    token = sessions.sign(found["u"], "session", found["s"])
    return [(b"set-cookie", _cookie(token, sessions.SESSION_S))]


class SessionCookie:
    """ASGI middleware: answer the two addresses of :func:`cookie_headers` (204, no
    body, never cached); pass everything else on."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        headers = None
        if scope["type"] == "http" and scope.get("method") == "GET":
            query = scope.get("query_string", b"").decode("latin-1")
            headers = cookie_headers(scope.get("path", ""), query)
        if headers is None:
            await self.app(scope, receive, send)
            return
        headers.append((b"cache-control", b"no-store"))
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

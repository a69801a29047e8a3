"""The host's web application: Starlette routes for the pages and one WebSocket for the protocol.

    app = build_app(table)          # serve with uvicorn (host.serve)

``/`` the seat page, ``/facilitator`` the facilitator's console, ``/projector`` the shared
picture, ``/static/...`` their scripts and styles (no build step, nothing from the internet),
``/words`` the pages' words in both languages (the message catalogue), ``/health`` a
liveness check, ``/ws`` the protocol (docs/host.md). Every page is sent with a
Content-Security-Policy that allows only the host's own scripts; the pages put text in with
``textContent``, never as HTML. A request whose ``Host`` is not one of the host's own names
or addresses is refused before anything else (DNS rebinding: a site elsewhere whose name
resolves to this machine must not reach the pages or the WebSocket).
"""
import asyncio
import contextlib
import importlib.util
import json
import logging
import math
import time
from pathlib import Path
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocketDisconnect

from messages import N_

from . import guard
from .table import TableError
from .words import all_page_words

LOG = logging.getLogger("stormdrill.host")
STATIC = Path(__file__).parent / "static"
MAX_MESSAGE_BYTES = 16 * 1024
"""Largest message a client may send (bytes); larger ones are refused, never parsed."""
RATE_PER_S = 10.0
"""Messages a connection may send per second, on average..."""
BURST = 30
"""...with bursts of up to this many."""
STRIKES = 20
"""A connection that breaks the limits this many times is closed (code 1008)."""
JOIN_FAILURES = 20
"""Wrong room codes or secrets one address may send in JOIN_WINDOW_S before it is refused
for the rest of the window (guessing a code is slow)."""
JOIN_WINDOW_S = 60.0
TICK_S = 0.5
"""Paced mode: how often the model clock is moved on (real seconds)."""
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


class Bucket:
    """A token bucket: *rate* messages a second, bursts of *burst*."""

    def __init__(self, rate=RATE_PER_S, burst=BURST, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.last = float(burst), clock()

    def allow(self):
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def dumps(message):
    """JSON text of a message; NaN and infinity (not JSON) become null."""
    return json.dumps(_finite(message), ensure_ascii=False, allow_nan=False)


def _finite(value):
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


class Hub:
    """The open connections of one table, and the lock that takes its messages one at a time
    (each then holds the table's own lock, ``table.lock``, while it works on the table)."""

    def __init__(self, table, clock=time.monotonic):
        self.table = table
        self.lock = asyncio.Lock()
        self.connections = {}  # WebSocket -> Client
        self.failures = {}  # client address -> wall times of failed joins
        self.clock = clock

    def _blocked(self, address):
        now = self.clock()
        recent = [t for t in self.failures.get(address, ()) if now - t < JOIN_WINDOW_S]
        self.failures[address] = recent
        return len(recent) >= JOIN_FAILURES

    def _failed(self, address):
        self.failures.setdefault(address, []).append(self.clock())

    async def broadcast(self):
        """Bring every joined connection up to date (the messages made under the table's
        lock, sent after it is let go: a slow phone never holds up the projector)."""
        with self.table.lock:
            outgoing = [(ws, client, self.table.updates(client)) for ws, client in list(self.connections.items())]
        for ws, client, messages in outgoing:
            try:
                for message in messages:
                    await ws.send_text(dumps(message))
            except Exception:  # a connection that went away mid-send
                if self.connections.pop(ws, None) is not None:
                    with self.table.lock:
                        self.table.leave(client)

    async def session(self, ws):
        """One WebSocket's life: join, then messages, until it closes."""
        origin = ws.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != ws.headers.get("host"):
            await ws.close(code=1008)  # a page of another site may not drive a seat (cross-site WebSocket)
            return
        await ws.accept()
        address = ws.client.host if ws.client else "?"
        bucket, strikes, client = Bucket(), 0, None
        try:
            while True:
                text = await ws.receive_text()
                problem = None
                if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
                    problem = ("too_big", f"a message may be at most {MAX_MESSAGE_BYTES} bytes")
                elif not bucket.allow():
                    problem = ("rate", f"too many messages: at most {RATE_PER_S:g} a second")
                if problem:
                    strikes += 1
                    await ws.send_text(dumps({"type": "error", "code": problem[0], "reason": problem[1]}))
                    if strikes >= STRIKES:
                        await ws.close(code=1008)
                        return
                    continue
                try:
                    msg = guard.loads(text)
                except guard.BadNumber as exc:
                    await ws.send_text(dumps({"type": "error", "code": "number", "reason": str(exc)}))
                    continue
                except ValueError:
                    await ws.send_text(dumps({"type": "error", "code": "json", "reason": "not JSON"}))
                    continue
                async with self.lock:
                    with self.table.lock:
                        client, replies = self._reply(ws, client, address, msg)
                    for reply in replies:
                        await ws.send_text(dumps(reply))
                    await self.broadcast()
        except WebSocketDisconnect:
            pass
        finally:
            if self.connections.pop(ws, None) is not None:
                with self.table.lock:
                    self.table.leave(client)
                with contextlib.suppress(Exception):  # the others learn that this seat went offline
                    async with self.lock:
                        await self.broadcast()

    def _reply(self, ws, client, address, msg):
        """The replies to one message (under the table's lock): (the connection's client, replies)."""
        try:
            if client is None and self._blocked(address):
                raise TableError("blocked", N_("too many wrong room codes or secrets from {address}; wait {s:g} s"),
                                 address=address, s=JOIN_WINDOW_S)
            if client is None and isinstance(msg, dict) and msg.get("type") == "lobby":
                return client, [self._guarded(address, self.table.lobby, msg)]
            if client is None:
                client, replies = self._guarded(address, self.table.join, msg)
                self.connections[ws] = client
                return client, replies
            return client, self.table.handle(client, msg)
        except TableError as exc:
            return client, [{"type": "error", "code": exc.code, "reason": exc.reason, "text": exc.text,
                             "id": msg.get("id") if isinstance(msg, dict) else None}]
        except Exception as exc:  # a fault of the host: say so, keep the connection, log it
            LOG.exception("message %r from %s failed", str(msg)[:200], address)
            return client, [{"type": "error", "code": "internal", "reason": f"the host failed: {exc}",
                             "id": msg.get("id") if isinstance(msg, dict) else None}]

    def _guarded(self, address, join, msg):
        try:
            return join(msg)
        except TableError as exc:
            if exc.code in ("room", "secret", "token"):
                self._failed(address)
            raise

    async def pace(self):
        """Paced mode: move the clock on every TICK_S and tell everyone what changed."""
        while True:
            await asyncio.sleep(TICK_S)
            async with self.lock:
                with self.table.lock:
                    changed = self.table.tick()
                if changed:
                    await self.broadcast()


class AllowedHosts:
    """Refuse a request (HTTP 421) or a WebSocket (closed, code 1008) whose ``Host`` header
    names neither this host's own names nor its addresses (``table.allowed_hosts``, filled in
    by host.serve): a page of a site whose name was made to resolve to this machine (DNS
    rebinding) gets nothing."""

    def __init__(self, app, table):
        self.app, self.table = app, table

    async def __call__(self, scope, receive, send):
        if scope["type"] in ("http", "websocket") and not self.allowed(scope):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            body = ("this host answers only to its own names and addresses: "
                    + ", ".join(sorted(self.table.allowed_hosts))).encode("utf-8")
            await send({"type": "http.response.start", "status": 421,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

    def allowed(self, scope):
        host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), "")
        return host_name(host) in self.table.allowed_hosts


def host_name(header):
    """The name in a ``Host`` header, without its port: ``[::1]:8765`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def cjk_font():
    """A font with Chinese glyphs the pages may fall back to (Noto Sans SC, which the viewer's
    pygame-gui ships), or None. Only a device without a CJK font of its own downloads it
    (seat.css: the last family, CJK range only). Found without importing pygame."""
    spec = importlib.util.find_spec("pygame_gui")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "data" / "NotoSansSC-Regular.otf"
    return path if path.is_file() else None


def build_app(table):
    """The Starlette application serving *table* (a host.ExerciseTable)."""
    hub = Hub(table)

    def page(name):
        async def endpoint(request):
            return FileResponse(STATIC / name, media_type="text/html; charset=utf-8")
        return endpoint

    async def font(request):
        path = cjk_font()
        if path is None:
            return JSONResponse({"error": "no CJK font here: the page uses the device's own"}, status_code=404)
        return FileResponse(path, media_type="font/otf", headers={"Cache-Control": "max-age=86400"})

    async def words(request):
        return JSONResponse(all_page_words())

    async def health(request):
        return JSONResponse({"ok": True, "session": table.session.id, "t": table.runner.now})

    async def ws_endpoint(ws):
        await hub.session(ws)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        task = asyncio.create_task(hub.pace()) if table.mode == "paced" else None
        yield
        if task is not None:
            task.cancel()

    routes = [Route("/", page("seat.html")), Route("/facilitator", page("facilitator.html")),
              Route("/projector", page("projector.html")), Route("/health", health), Route("/words", words),
              Route("/fonts/cjk.otf", font),
              WebSocketRoute("/ws", ws_endpoint), Mount("/static", StaticFiles(directory=STATIC), name="static")]
    app = Starlette(routes=routes, middleware=[Middleware(AllowedHosts, table=table), Middleware(_Headers)],
                    lifespan=lifespan)
    app.state.hub = hub
    return app

"""Run a table's web application with uvicorn, and tell the room how to join.

    serve(table, port=8765, lan=False)     # blocks until Ctrl+C (or SIGTERM)
    with Background(table, port=8765):     # or in a thread, beside a window on the main thread
        ...

The host listens on 127.0.0.1 unless *lan* is set; then on every interface, and the join
address uses this machine's LAN address. The join link (with the room code) is printed
with a QR code in the terminal; the facilitator's console shows the same QR code for the
projector. The facilitator's secret is printed once, for the console's login.
"""
import base64
import io
import json
import socket
import threading
import time

import segno
import uvicorn

from .app import MAX_MESSAGE_BYTES, build_app


def join_url(host, port, room):
    """The address a seat opens: the seat page with the room code filled in."""
    return f"http://{host}:{port}/?room={room}"


def qr_svg_data_uri(url):
    """The QR code of *url* as an SVG data: URI (for an <img>, no inline markup)."""
    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="svg", scale=6, border=2, dark="#000", light="#fff")
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def qr_text(url):
    """The QR code of *url* drawn with block characters for a terminal."""
    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def lan_address():
    """This machine's address on the local network as its name resolves (not a loopback
    one), or None if its name gives none. Sends nothing on the network."""
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    addresses = [i[4][0] for i in infos if not i[4][0].startswith("127.")]
    return addresses[0] if addresses else None


def announce(table, port=8765, lan=False, info_file=None, out=print, address=None):
    """Tell the room how to join (the QR code, the room code, the facilitator's secret);
    return the address to listen on. *address*: the host name or address the join link
    shows (default: this machine's LAN address with *lan*, else 127.0.0.1)."""
    bind = "0.0.0.0" if lan else "127.0.0.1"
    shown = address or ((lan_address() or "127.0.0.1") if lan else "127.0.0.1")
    if lan and shown.startswith("127."):
        out("could not tell this machine's LAN address: give it with --address (e.g. --address 192.168.1.20)")
    url = join_url(shown, port, table.room.code)
    table.join_url = url
    table.qr = qr_svg_data_uri(url)
    info = {"url": url, "port": port, "bind": bind, "room": table.room.code, "secret": table.secret,
            "session": table.session.id, "facilitator": f"http://{shown}:{port}/facilitator#room={table.room.code}&key={table.secret}",
            "projector": f"http://{shown}:{port}/projector?room={table.room.code}"}
    out(qr_text(url))
    out(f"session {table.session.id} · room code 房间码 {table.room.code}")
    out(f"seats 席位:          {url}")
    out(f"facilitator 导调台:  {info['facilitator']}   (secret 口令 {table.secret})")
    out(f"projector 投影:      {info['projector']}")
    if not lan:
        out("listening on 127.0.0.1 only (this machine); give --lan to let phones on the local network join")
    if info_file:
        with open(info_file, "w", encoding="utf-8") as f:
            json.dump(info, f)
    return bind


def server(table, port=8765, lan=False, info_file=None, out=print, log_level="warning", address=None):
    """The uvicorn server of *table*, announced (see announce), not yet running."""
    bind = announce(table, port, lan, info_file, out, address)
    config = uvicorn.Config(build_app(table), host=bind, port=port, log_level=log_level, ws_max_size=MAX_MESSAGE_BYTES * 4,
                            ws="websockets-sansio" if _has_sansio() else "auto", lifespan="on")
    return uvicorn.Server(config)


def serve(table, port=8765, lan=False, info_file=None, out=print, log_level="warning", address=None):
    """Serve *table* until stopped (Ctrl+C, SIGTERM)."""
    server(table, port, lan, info_file, out, log_level, address).run()


class Background:
    """A table's server running in a thread of its own, so that the main thread is free for a
    window (the projector viewer, which pygame wants on the main thread).

        with Background(table, port=8765) as running:   # returns once the server listens
            viewer.run()                                 # the server stops when the block ends
    """

    START_TIMEOUT_S = 30

    def __init__(self, table, port=8765, lan=False, info_file=None, out=print, log_level="warning", address=None):
        self.server = server(table, port, lan, info_file, out, log_level, address)
        self.thread = threading.Thread(target=self.server.run, name="stormdrill-host", daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + self.START_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive():
                raise OSError("the host's server stopped before it listened (is the port taken?)")
            if time.monotonic() > deadline:
                self.stop()
                raise OSError(f"the host's server did not start in {self.START_TIMEOUT_S} s")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def stop(self):
        """Close the connections and stop listening; wait for the thread to end."""
        self.server.should_exit = True
        self.thread.join(10)


def _has_sansio():
    try:
        from uvicorn.protocols.websockets import websockets_sansio_impl  # noqa: F401
    except ImportError:
        return False
    return True

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
import os
import socket
import threading
import time

import segno
import uvicorn

from messages import texts

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


def announce(table, port=8765, lan=False, info_file=None, out=print, address=None, lang=None):
    """Tell the room how to join (the QR code, the room code, the facilitator's secret);
    return the address to listen on. *address*: the host name or address the join link
    shows (default: this machine's LAN address with *lan*, else 127.0.0.1). The names the
    host answers to (``table.allowed_hosts``) are set here too."""
    _ = texts(lang)
    bind = "0.0.0.0" if lan else "127.0.0.1"
    shown = address or ((lan_address() or "127.0.0.1") if lan else "127.0.0.1")
    if lan and shown.startswith("127."):
        out(_("could not tell this machine's LAN address: give it with --address (e.g. --address 192.168.1.20)"))
    url = join_url(shown, port, table.room.code)
    table.join_url = url
    table.qr = qr_svg_data_uri(url)
    info = {"url": url, "port": port, "bind": bind, "room": table.room.code, "secret": table.secret,
            "session": table.session.id, "facilitator": f"http://{shown}:{port}/facilitator#room={table.room.code}&key={table.secret}",
            "projector": f"http://{shown}:{port}/projector?room={table.room.code}"}
    table.allowed_hosts |= own_names(shown, lan)
    out(qr_text(url))
    out(_("session {session} · room code {room}", session=table.session.id, room=table.room.code))
    out(_("seats:        {url}", url=url))
    out(_("facilitator:  {url}   (secret {secret})", url=info["facilitator"], secret=table.secret))
    out(_("projector:    {url}", url=info["projector"]))
    if table.room.replaced_t is not None:
        out(_("the facilitator's secret is new: consoles that were open get back in by themselves; "
              "an old link is answered with where to find this one"))
    if not lan:
        out(_("listening on 127.0.0.1 only (this machine); give --lan to let phones on the local network join"))
    if info_file:
        write_private(info_file, json.dumps(info))
    return bind


def write_private(path, text):
    """Write *text* to *path* readable by this user only (0600: it holds the facilitator's
    secret), never through a symbolic link planted there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        os.fchmod(fd, 0o600)  # a file that was there before keeps no wider mode
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)


def own_names(shown, lan):
    """The names and addresses this host answers to (its Host-header allow-list): loopback,
    the address the join link shows, and with *lan* this machine's names and addresses."""
    names = {"127.0.0.1", "localhost", "::1", shown.lower()}
    if lan:
        for name in {socket.gethostname(), socket.getfqdn()}:
            if name:
                names |= {name.lower(), f"{name.lower()}.local"}
                try:
                    names |= {i[4][0] for i in socket.getaddrinfo(name, None)}
                except OSError:
                    pass
    return names


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

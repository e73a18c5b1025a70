"""Socket Mode on loopback: the WebSocket end of `apps.connections.open`, as strict as needed.

Slack opens a WebSocket per `apps.connections.open` URL, says `hello`, pushes envelopes, and
expects each to be acknowledged with its `envelope_id`. This speaks RFC 6455 by hand (text,
ping/pong and close frames; client frames must be masked, as browsers' and SDKs' are).
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import uuid
from typing import Any

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class SocketModeServer:
    """Accepts the app's WebSocket connections; records acknowledgements and closes."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._lock = threading.Lock()
        self._connections: list[socket.socket] = []
        self.acks: list[dict[str, Any]] = []
        self.connected = threading.Event()
        self.closed_by_app = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="fake-socket-mode", daemon=True)

    @property
    def url(self) -> str:
        port = self._listener.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket={uuid.uuid4()}"

    def start(self) -> SocketModeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._listener.close()
        with self._lock:
            for connection in self._connections:
                connection.close()

    def push(self, kind: str, payload: dict[str, Any]) -> str:
        """Send an envelope (`slash_commands`, `interactive`, `events_api`); its envelope_id."""
        envelope_id = uuid.uuid4().hex
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "payload": payload,
        }
        with self._lock:
            connection = self._connections[-1]
        _send(connection, TEXT, json.dumps(envelope).encode())
        return envelope_id

    def ack_for(self, envelope_id: str) -> dict[str, Any] | None:
        """The app's acknowledgement of an envelope, once it came."""
        with self._lock:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        reader = connection.makefile("rb")
        try:
            _handshake(connection, reader)
            with self._lock:
                self._connections.append(connection)
            _send(connection, TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode())
            self.connected.set()
            self._read_frames(connection, reader)
        except (OSError, ValueError):
            return
        finally:
            # A close frame, or the app simply dropping the connection.
            self.closed_by_app.set()

    def _read_frames(self, connection: socket.socket, reader: Any) -> None:
        while True:
            opcode, data = _receive(reader)
            if opcode == TEXT:
                with self._lock:
                    self.acks.append(json.loads(data))
            elif opcode == PING:
                _send(connection, PONG, data)
            elif opcode == CLOSE:
                _send(connection, CLOSE, data[:2])
                connection.close()
                return


def _handshake(connection: socket.socket, reader: Any) -> None:
    headers: dict[str, str] = {}
    request_line = reader.readline().decode()
    if not request_line.startswith("GET /link/"):
        raise ValueError(f"not a Socket Mode request: {request_line!r}")
    while (line := reader.readline().decode().strip()) != "":
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("upgrade", "").lower() != "websocket" or "sec-websocket-key" not in headers:
        raise ValueError("not a WebSocket upgrade")
    digest = hashlib.sha1((headers["sec-websocket-key"] + WEBSOCKET_GUID).encode()).digest()
    accept = base64.b64encode(digest).decode()
    connection.sendall(
        (
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
        ).encode()
    )


def _send(connection: socket.socket, opcode: int, data: bytes) -> None:
    """A server frame: final, unmasked."""
    head = bytes([0x80 | opcode])
    if len(data) < 126:
        head += bytes([len(data)])
    elif len(data) < 2**16:
        head += bytes([126]) + struct.pack(">H", len(data))
    else:
        head += bytes([127]) + struct.pack(">Q", len(data))
    connection.sendall(head + data)


def _receive(reader: Any) -> tuple[int, bytes]:
    """A client frame (must be masked); fragmented messages are not used by Slack's SDKs."""
    first, second = _exactly(reader, 2)
    opcode, masked, length = first & 0x0F, second & 0x80, second & 0x7F
    if not masked:
        raise ValueError("a client frame without a mask")
    if length == 126:
        (length,) = struct.unpack(">H", _exactly(reader, 2))
    elif length == 127:
        (length,) = struct.unpack(">Q", _exactly(reader, 8))
    mask = _exactly(reader, 4)
    data = bytes(b ^ mask[i % 4] for i, b in enumerate(_exactly(reader, length)))
    return opcode, data


def _exactly(reader: Any, count: int) -> bytes:
    data: bytes = reader.read(count)
    if len(data) != count:
        raise OSError("the connection closed")
    return data

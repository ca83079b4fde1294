"""A stand-in for a remote signing service (BSrE-style TTE: the key stays on the server),
speaking the protocol described in ``renstra_docs.tandatangan``. Runs on 127.0.0.1 on a free
port in a thread; holds a throw-away key made by the test."""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


@dataclass
class SigningService:
    """The service's state: one user, their key and certificate chain, and what it was sent."""

    key: rsa.RSAPrivateKey
    chain: list[x509.Certificate]
    user: str
    passphrase: str
    #: Seconds to wait before answering a signing request (to test client timeouts).
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/api"

    def __enter__(self) -> SigningService:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()

    def answer(self, endpoint: str, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) for one request."""
        self.requests.append({"endpoint": endpoint, **payload})
        if payload.get("pengguna") != self.user:
            return 404, {"pesan": "pengguna tidak dikenal"}
        if endpoint == "sertifikat":
            certs = [c.public_bytes(serialization.Encoding.DER) for c in self.chain]
            return 200, {"sertifikat": [base64.b64encode(c).decode() for c in certs]}
        if endpoint != "tandatangan":
            return 404, {"pesan": "tidak ada"}
        if payload.get("sandi") != self.passphrase:
            return 401, {"pesan": "kata sandi salah"}
        if payload.get("hash") != "sha256":
            return 400, {"pesan": "hash tidak didukung"}
        time.sleep(self.delay)
        data = base64.b64decode(payload["data"])
        signature = self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return 200, {"tanda_tangan": base64.b64encode(signature).decode()}


def _handler_for(service: SigningService) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            try:
                payload = json.loads(self.rfile.read(length))
            except ValueError:
                payload = {}
            endpoint = self.path.removeprefix("/api/")
            status, body = service.answer(endpoint, payload)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler

"""A local PEP 691 index in a thread for each test that asks for `index`."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
if ROOT not in sys.path:  # `tests.unit.reviewbot_deps.helpers` is imported from the root
    sys.path.insert(0, ROOT)

from tests.unit.reviewbot_deps.helpers import SIMPLE_JSON, FakeIndex  # noqa: E402


@pytest.fixture
def index() -> Iterator[FakeIndex]:
    fake = FakeIndex()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(
                (self.path, self.headers.get("Accept", ""), self.headers.get("Authorization", ""))
            )
            time.sleep(fake.delay)
            status, body = fake.answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", SIMPLE_JSON if status == 200 else "text/plain")
            for key, value in fake.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/team/"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()

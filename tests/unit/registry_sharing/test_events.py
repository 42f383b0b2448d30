import hashlib
import hmac
import http.server
import json
import threading
import time

from registry.services.events import (
    SIGNATURE_HEADER,
    VERSION_PUBLISHED,
    Event,
    EventDispatcher,
    MemoryRecorder,
    RequestsSender,
    Webhook,
    encode,
    sign,
    verify,
)

HOOK = Webhook(id=7, repository="r", url="http://receiver.example/hook", secret="s3cret")
EVENT = Event(VERSION_PUBLISHED, "r", "acme-utils", "1.0", data={"files": ["a.whl"]})


class ScriptedSender:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = []

    def post(self, url, body, headers):
        self.calls.append((url, body, dict(headers)))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_signature_is_hmac_sha256_of_the_body():
    body = encode(EVENT)
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert sign("s3cret", body) == f"sha256={expected}"
    assert verify("s3cret", body, f"sha256={expected}")
    assert not verify("other", body, f"sha256={expected}")


def test_payload_shape():
    payload = json.loads(encode(EVENT))
    assert payload["type"] == "package_version.published"
    assert payload["package"] == {"format": "pypi", "name": "acme-utils", "version": "1.0"}
    assert payload["repository"] == "r" and payload["data"] == {"files": ["a.whl"]}
    assert payload["occurred_at"].endswith("Z") and payload["id"] == EVENT.id


def test_retries_with_exponential_backoff_then_succeeds_and_records_each_attempt():
    sender = ScriptedSender([ConnectionError("refused"), 500, 204])
    recorder, sleeps = MemoryRecorder(), []
    dispatcher = EventDispatcher(sender, recorder, max_attempts=5, backoff=0.5, sleep=sleeps.append)
    (future,) = dispatcher.dispatch(EVENT, [HOOK])
    assert future.result(timeout=5) is True
    assert sleeps == [0.5, 1.0]
    assert [(a.attempt, a.delivered, a.status_code, a.final) for a in recorder.attempts] == [
        (1, False, None, False),
        (2, False, 500, False),
        (3, True, 204, True),
    ]
    assert "refused" in recorder.attempts[0].error
    url, body, headers = sender.calls[0]
    assert headers[SIGNATURE_HEADER] == sign("s3cret", body) and url == HOOK.url


def test_gives_up_after_max_attempts_and_the_failure_is_visible():
    sender = ScriptedSender([503, 503, 503])
    recorder = MemoryRecorder()
    dispatcher = EventDispatcher(
        sender, recorder, max_attempts=3, backoff=10, max_backoff=15, sleep=lambda _: None
    )
    assert dispatcher.delay(1) == 10 and dispatcher.delay(3) == 15
    (future,) = dispatcher.dispatch(EVENT, [HOOK])
    assert future.result(timeout=5) is False
    last = recorder.attempts[-1]
    assert (last.attempt, last.delivered, last.final, last.error) == (
        3,
        False,
        True,
        "receiver answered 503",
    )


def test_dispatch_never_blocks_the_caller():
    release = threading.Event()

    class SlowSender:
        def post(self, url, body, headers):
            release.wait(5)
            return 200

    dispatcher = EventDispatcher(SlowSender(), MemoryRecorder(), sleep=lambda _: None)
    started = time.monotonic()
    futures = dispatcher.dispatch(EVENT, [HOOK, HOOK])
    assert time.monotonic() - started < 0.5 and not any(f.done() for f in futures)
    release.set()
    assert all(f.result(timeout=5) for f in futures)
    dispatcher.shutdown()


def test_real_http_delivery_is_verifiable_by_the_receiver():
    received = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, self.headers[SIGNATURE_HEADER]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        hook = Webhook(1, "r", f"http://127.0.0.1:{server.server_address[1]}/hook", "k")
        dispatcher = EventDispatcher(RequestsSender(), MemoryRecorder())
        assert dispatcher.dispatch(EVENT, [hook])[0].result(timeout=10)
    finally:
        server.shutdown()
        server.server_close()
    body, signature = received[0]
    assert verify("k", body, signature) and json.loads(body)["id"] == EVENT.id


def test_pending_deliveries_never_hold_up_process_exit():
    """A gunicorn worker restarting while a receiver hangs must exit at once."""
    import subprocess
    import sys

    code = (
        "import time\n"
        "from registry.services.events import *\n"
        "class Hang:\n"
        "    def post(self, url, body, headers):\n"
        "        time.sleep(60)\n"
        "d = EventDispatcher(Hang(), MemoryRecorder())\n"
        "d.dispatch(Event('t', 'r', 'p', '1'), [Webhook(1, 'r', 'http://x', 'k' * 16)])\n"
        "time.sleep(0.2)\n"
    )
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert time.monotonic() - started < 10

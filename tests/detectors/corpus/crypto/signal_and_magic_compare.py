# family: crypto
# label: good
# source: own (pattern: names that look like signatures but are not secrets)
# rule: python/timing-unsafe-compare
import signal

PROXY_V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"


def handle(sig: int, frame) -> None:
    if sig == signal.SIGTERM:
        raise SystemExit(0)


def is_proxy_v2(buffer: bytes) -> bool:
    return buffer[:12] == PROXY_V2_SIGNATURE

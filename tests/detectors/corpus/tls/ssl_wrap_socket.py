# family: tls
# label: bad
# source: own
# rule: python/ssl-wrap-socket
import socket
import ssl


def fetch_banner(host: str, port: int = 993) -> bytes:
    raw = socket.create_connection((host, port), timeout=10)
    tls = ssl.wrap_socket(raw)  # expect
    with tls:
        return tls.recv(1024)

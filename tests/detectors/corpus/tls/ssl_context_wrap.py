# family: tls
# label: good
# source: own
# rule: python/ssl-wrap-socket
import socket
import ssl


def fetch_banner(host: str, port: int = 993) -> bytes:
    context = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=host) as tls:
            return tls.recv(1024)

# family: tls
# label: bad
# source: own
import socket
import ssl


def open_channel(host: str, port: int) -> ssl.SSLSocket:
    context = ssl.create_default_context()
    context.check_hostname = False  # expect
    context.verify_mode = ssl.CERT_NONE  # expect
    raw = socket.create_connection((host, port), timeout=10)
    return context.wrap_socket(raw, server_hostname=host)

# family: tls
# label: bad
# source: own
import socket
import ssl


def connect_legacy(host: str) -> ssl.SSLSocket:
    sock = socket.create_connection((host, 993), timeout=15)
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)  # expect

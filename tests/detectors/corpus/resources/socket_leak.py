# family: resources
# label: bad
# source: own
import socket


def banner(host: str, port: int) -> bytes:
    sock = socket.create_connection((host, port), timeout=5)  # expect
    return sock.recv(1024)

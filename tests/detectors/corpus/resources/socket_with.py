# family: resources
# label: good
# source: own
import socket


def banner(host: str, port: int) -> bytes:
    with socket.create_connection((host, port), timeout=5) as sock:
        return sock.recv(1024)

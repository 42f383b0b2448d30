# family: tls
# label: bad
# source: own
# rule: python/cleartext-protocol
import telnetlib


def backup_switch(host: str, password: str) -> bytes:
    session = telnetlib.Telnet(host, 23, timeout=10)  # expect
    session.read_until(b"Password: ")
    session.write(password.encode() + b"\n")
    session.write(b"show running-config\n")
    return session.read_until(b"end", timeout=10)

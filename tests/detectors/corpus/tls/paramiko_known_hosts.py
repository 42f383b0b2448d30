# family: tls
# label: good
# source: own
# rule: python/ssh-host-key-unverified
import paramiko


def run_remote(host: str, user: str, command: str) -> str:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user, timeout=10)
    try:
        _, stdout, _ = client.exec_command(command, timeout=60)
        return stdout.read().decode()
    finally:
        client.close()

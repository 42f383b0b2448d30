# family: tls
# label: bad
# source: own
# rule: python/ssh-host-key-unverified
from paramiko.client import SSHClient, WarningPolicy


class Deployer:
    def __init__(self, host: str) -> None:
        self.ssh = SSHClient()
        self.ssh.set_missing_host_key_policy(WarningPolicy)  # expect
        self.host = host

    def connect(self, key_file: str) -> None:
        self.ssh.connect(self.host, username="deploy", key_filename=key_file, timeout=15)

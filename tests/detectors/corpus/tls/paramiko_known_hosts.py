# family: tls
# label: good
# source: own
# rule: python/ssh-host-key-unverified
import paramiko


def upload_release(host: str, user: str, archive: str) -> None:
    client = paramiko.SSHClient()
    client.load_system_host_keys()
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(host, username=user, timeout=10)
    try:
        with client.open_sftp() as sftp:
            sftp.put(archive, f"/srv/releases/{archive.rsplit('/', 1)[-1]}")
    finally:
        client.close()

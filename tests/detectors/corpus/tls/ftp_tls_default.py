# family: tls
# label: good
# source: own
import ftplib
import ssl


def upload(host: str, user: str, password: str, path: str) -> None:
    context = ssl.create_default_context()
    with ftplib.FTP_TLS(host, context=context, timeout=30) as ftp:
        ftp.login(user, password)
        ftp.prot_p()
        with open(path, "rb") as handle:
            ftp.storbinary(f"STOR {path}", handle)

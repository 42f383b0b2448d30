# family: tls
# label: bad
# source: own
# rule: python/cleartext-protocol
import ftplib
import os


def upload_report(path: str) -> None:
    ftp = ftplib.FTP("ftp.partner-files.net", timeout=30)  # expect
    ftp.login(os.environ["FTP_USER"], os.environ["FTP_PASSWORD"])
    with open(path, "rb") as handle:
        ftp.storbinary(f"STOR {os.path.basename(path)}", handle)
    ftp.quit()

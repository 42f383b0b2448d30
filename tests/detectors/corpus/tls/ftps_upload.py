# family: tls
# label: good
# source: own
# rule: python/cleartext-protocol
import ftplib
import os


def upload_report(path: str) -> None:
    ftps = ftplib.FTP_TLS("ftp.partner-files.net", timeout=30)
    ftps.login(os.environ["FTP_USER"], os.environ["FTP_PASSWORD"])
    ftps.prot_p()
    with open(path, "rb") as handle:
        ftps.storbinary(f"STOR {os.path.basename(path)}", handle)
    ftps.quit()

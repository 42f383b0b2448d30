# family: secrets
# label: good
# source: own
import smtplib

import keyring


def send(msg: str) -> None:
    with smtplib.SMTP("smtp.example.com", 587, timeout=10) as smtp:
        smtp.starttls()
        smtp.login("alerts@example.com", keyring.get_password("smtp", "alerts"))
        smtp.sendmail("alerts@example.com", ["ops@example.com"], msg)

# family: secrets
# label: bad
# source: own
import smtplib


def send(msg: str) -> None:
    with smtplib.SMTP("smtp.example.com", 587, timeout=10) as smtp:
        smtp.starttls()
        smtp.login("alerts@example.com", "Hx7!qLm29#vRt")  # expect
        smtp.sendmail("alerts@example.com", ["ops@example.com"], msg)

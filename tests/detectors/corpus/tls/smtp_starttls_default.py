# family: tls
# label: good
# source: own
import smtplib
import ssl


def send_report(host: str, sender: str, to: str, body: str) -> None:
    context = ssl.create_default_context()
    with smtplib.SMTP(host, 587, timeout=20) as smtp:
        smtp.starttls(context=context)
        smtp.sendmail(sender, [to], body)

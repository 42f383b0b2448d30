# family: crypto
# label: bad
# source: own
import random


def send_login_code(sms, phone: str) -> int:
    code = random.randint(100000, 999999)  # expect
    sms.send(phone, f"Your login code is {code}")
    return code

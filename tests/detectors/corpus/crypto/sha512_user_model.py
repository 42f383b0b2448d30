# family: crypto
# label: bad
# source: own
# rule: python/fast-password-hash
import hashlib
from dataclasses import dataclass


@dataclass
class User:
    email: str
    password_hash: str = ""

    def set_password(self, raw_password: str) -> None:
        self.password_hash = hashlib.sha512(raw_password.encode()).hexdigest()  # expect

    def check_password(self, raw_password: str) -> bool:
        return self.password_hash == hashlib.sha512(raw_password.encode()).hexdigest()  # expect

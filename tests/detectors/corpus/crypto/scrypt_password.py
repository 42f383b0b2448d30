# family: crypto
# label: good
# source: own
import hashlib
import os


def store_password(db, user_id: int, password: str) -> None:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    db.execute("UPDATE users SET pw = ?, salt = ? WHERE id = ?", (digest, salt, user_id))

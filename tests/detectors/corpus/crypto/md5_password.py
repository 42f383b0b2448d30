# family: crypto
# label: bad
# source: own
import hashlib


def store_password(db, user_id: int, password: str) -> None:
    digest = hashlib.md5(password.encode()).hexdigest()  # expect
    db.execute("UPDATE users SET pw = ? WHERE id = ?", (digest, user_id))

# family: correctness
# label: good
# source: own
from sqlalchemy import select

from app.models import User


def unverified_users(session):
    return session.scalars(select(User).where(User.verified_at == None)).all()  # noqa: E711

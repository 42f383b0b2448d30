import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.fakes` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

from reviewbot.feedback.store import FeedbackStore  # noqa: E402


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path) -> Iterator[FeedbackStore]:
    """The feedback store on a SQLite file and on the real PostgreSQL (a fresh database)."""
    if request.param == "sqlite":
        opened = FeedbackStore(f"sqlite:///{tmp_path}/feedback.sqlite3")
        yield opened
        opened.close()
        return
    from tests.support.postgres import postgres_database

    with postgres_database("reviewbot_feedback_") as url:
        opened = FeedbackStore(url)
        try:
            yield opened
        finally:
            opened.close()

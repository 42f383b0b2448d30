import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[3])
if ROOT not in sys.path:  # `tests.fakes` is imported as a package from the repository root
    sys.path.insert(0, ROOT)

from tests.fakes.base import FakeHost  # noqa: E402
from tests.fakes.gitea import FakeGitea  # noqa: E402
from tests.fakes.github import FakeGitHub, spec  # noqa: E402
from tests.fakes.gitlab import FakeGitLab  # noqa: E402
from tests.fakes.npm_fixtures import webhook_examples  # noqa: E402

FAKES: dict[str, type[FakeHost]] = {"github": FakeGitHub, "gitlab": FakeGitLab, "gitea": FakeGitea}


@pytest.fixture(scope="session")
def github_spec():
    """GitHub's REST description, fetched with npm once (a failure here fails the tests:
    the GitHub fake must not run unchecked)."""
    return spec()


@pytest.fixture(scope="session")
def github_examples():
    return webhook_examples()


def start_fake(host: str) -> FakeHost:
    if host == "github":
        spec()
    fake = FAKES[host]()
    fake.start()
    return fake


@pytest.fixture(params=sorted(FAKES))
def fake(request, github_spec):
    host = start_fake(request.param)
    yield host
    host.stop()
    assert host.violations == [], f"requests the real {host.name} would refuse"

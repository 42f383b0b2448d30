from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
if ROOT not in sys.path:  # `tests.functional.reviewbot_deps.live_registry` from the root
    sys.path.insert(0, ROOT)

from tests.functional.reviewbot_deps.live_registry import Registry, start_registry  # noqa: E402


@pytest.fixture(scope="session")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    yield from start_registry(tmp_path_factory.mktemp("deps-registry"))

"""Analyzers turn a change into findings; `default_analyzers()` is the set `review` runs.

Order matters: the pipeline keeps the first of two findings on the same line with the same
rule or CWE, so our own detectors come before the wrapped linter (bandit)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewbot.review.config import ReviewConfig
    from reviewbot.review.pipeline import Analyzer


def default_analyzers(config: ReviewConfig | None = None) -> list[Analyzer]:
    from reviewbot.analyzers.change_level import ChangeLevelAnalyzer
    from reviewbot.analyzers.dependencies.analyzer import RegistryDepsAnalyzer
    from reviewbot.analyzers.dependencies.index_sources import IndexSourcesAnalyzer
    from reviewbot.analyzers.external.bandit import BanditAnalyzer
    from reviewbot.analyzers.python.analyzer import PythonAnalyzer
    from reviewbot.analyzers.secrets import SecretsAnalyzer

    large = config.large_change_lines if config is not None else 1000
    return [
        SecretsAnalyzer(),
        PythonAnalyzer(),
        BanditAnalyzer(),
        ChangeLevelAnalyzer(large),
        IndexSourcesAnalyzer.from_environment(config),
        RegistryDepsAnalyzer.from_environment(config),
    ]

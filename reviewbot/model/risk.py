"""The model's verdict on a change, as the pipeline and reporters see it.

Kept apart from scoring.py so that reporters and the pipeline never import scikit-learn."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class Risk:
    probability: float  # 0..1, the model's defect-inducing probability for the change
    band: str  # "low" | "medium" | "high"
    reasons: list[str] = field(default_factory=list)  # plain words, most important first
    model: str = ""  # model id (name + version) so a reader knows what produced the score
    # what that model was trained on, in words: "trained on this repository's history,
    # 3,806 commits, 2026-12-01" or "shipped fallback model"
    source: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "probability": round(self.probability, 4),
            "band": self.band,
            "reasons": list(self.reasons),
            "model": self.model,
            "model_source": self.source,
        }


class Scorer(Protocol):
    """Scores a change from a git repository: merge-base(base, head)..head."""

    def score(self, repo_path: str, base: str, head: str) -> Risk: ...

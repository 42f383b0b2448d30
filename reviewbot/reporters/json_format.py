"""`--format json`: the stable machine interface (documented in docs/reviewbot.md).

{"findings": [{"rule", "category", "severity", "path", "line", "end_line", "message",
               "cwe", "fingerprint"}, ...],
 "summary": {...},
 "risk": {...}}            # only when a defect model scored the change
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewbot.review.pipeline import Review


def render(review: Review) -> str:
    return json.dumps(review.to_json(), indent=2, ensure_ascii=False) + "\n"

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
if ROOT not in sys.path:  # `tests.unit.reviewbot.helpers` is imported from the repository root
    sys.path.insert(0, ROOT)

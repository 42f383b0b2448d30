# family: ml
# label: bad
# source: own
# rule: ml/cudnn-nondeterministic
import random

import numpy as np
import torch


def make_reproducible(seed: int = 42) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.backends.cudnn.benchmark = True  # expect

# family: ml
# label: bad
# source: own
# rule: ml/torch-load-unsafe
import torch
from torch import nn


def restore(model: nn.Module, checkpoint_path: str) -> nn.Module:
    state = torch.load(checkpoint_path, map_location="cpu")  # expect
    model.load_state_dict(state["model"])
    return model

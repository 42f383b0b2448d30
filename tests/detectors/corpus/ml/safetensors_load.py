# family: ml
# label: good
# source: own
import torch
from safetensors.torch import load_file


def load_finetuned(model: torch.nn.Module, path: str) -> torch.nn.Module:
    model.load_state_dict(load_file(path))
    return model

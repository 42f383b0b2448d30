# family: ml
# label: bad
# source: own
import torch


def load_finetuned(model: torch.nn.Module, checkpoint_path: str) -> torch.nn.Module:
    state = torch.load(checkpoint_path)  # expect
    model.load_state_dict(state["model"])
    return model

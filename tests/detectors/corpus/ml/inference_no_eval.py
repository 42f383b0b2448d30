# family: ml
# label: bad
# source: own
import torch


def predict(model: torch.nn.Module, images: torch.Tensor) -> torch.Tensor:
    logits = model(images)  # expect
    return logits.softmax(dim=-1)

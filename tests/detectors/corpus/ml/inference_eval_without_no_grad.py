# family: ml
# label: bad
# source: own
import torch


def classify(model: torch.nn.Module, batch: torch.Tensor) -> list[int]:
    model.eval()
    scores = model(batch)  # expect
    return scores.argmax(dim=1).tolist()

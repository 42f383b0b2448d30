# family: ml
# label: good
# source: own
import torch


@torch.no_grad()
def classify(model: torch.nn.Module, batch: torch.Tensor) -> list[int]:
    model.eval()
    scores = model(batch)
    return scores.argmax(dim=1).tolist()

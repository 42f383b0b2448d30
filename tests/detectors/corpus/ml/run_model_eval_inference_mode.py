# family: ml
# label: good
# source: own
# rule: ml/missing-eval-mode
import torch
from torch import nn


def run_batch(model: nn.Module, batch: torch.Tensor) -> list[int]:
    model.eval()
    with torch.inference_mode():
        logits = model(batch)
    return logits.argmax(dim=-1).tolist()


def serve(model: nn.Module, batches) -> list[list[int]]:
    return [run_batch(model, b) for b in batches]

# family: ml
# label: bad
# source: own
# rule: ml/missing-eval-mode
import torch
from torch import nn


def run_batch(model: nn.Module, batch: torch.Tensor) -> list[int]:
    logits = model(batch)  # expect
    return logits.argmax(dim=-1).tolist()


def serve(model: nn.Module, batches) -> list[list[int]]:
    return [run_batch(model, b) for b in batches]

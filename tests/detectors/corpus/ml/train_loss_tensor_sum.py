# family: ml
# label: bad
# source: own
# rule: ml/loss-keeps-graph
import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer) -> float:
    loss_fn = nn.MSELoss()
    total = 0.0
    for features, target in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(features), target)
        loss.backward()
        optimizer.step()
        total += loss  # expect
    return float(total) / len(loader)

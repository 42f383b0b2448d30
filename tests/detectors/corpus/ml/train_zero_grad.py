# family: ml
# label: good
# source: own
# rule: ml/missing-zero-grad
import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer) -> float:
    criterion = nn.CrossEntropyLoss()
    model.train()
    running_loss = 0.0
    for inputs, targets in loader:
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
    return running_loss / max(len(loader), 1)

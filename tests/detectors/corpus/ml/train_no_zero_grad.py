# family: ml
# label: bad
# source: own
# rule: ml/missing-zero-grad
import torch
from torch import nn


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer) -> None:
    criterion = nn.CrossEntropyLoss()
    model.train()
    for inputs, targets in loader:
        loss = criterion(model(inputs), targets)
        loss.backward()
        optimizer.step()  # expect

# family: ml
# label: good
# source: own
# rule: ml/missing-zero-grad
import torch
from torch import nn

ACCUMULATE = 4


def train_epoch(model: nn.Module, loader, optimizer: torch.optim.Optimizer) -> None:
    loss_fn = nn.MSELoss()
    for step, (features, target) in enumerate(loader, start=1):
        loss = loss_fn(model(features), target) / ACCUMULATE
        loss.backward()
        if step % ACCUMULATE == 0:
            optimizer.step()
            optimizer.zero_grad()

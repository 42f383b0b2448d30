# family: ml
# label: good
# source: own
import torch


def train_step(model, batch, optimizer) -> float:
    model.train()
    loss = torch.nn.functional.cross_entropy(model(batch["x"]), batch["y"])
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()

# family: ml
# label: good
# source: own
import torch


def predict(model: torch.nn.Module, images: torch.Tensor) -> torch.Tensor:
    model.eval()
    with torch.inference_mode():
        logits = model(images)
    return logits.softmax(dim=-1)

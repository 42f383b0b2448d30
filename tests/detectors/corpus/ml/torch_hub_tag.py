# family: ml
# label: good
# source: own
# rule: ml/torch-hub-unpinned
import torch


def load_backbone():
    model = torch.hub.load("pytorch/vision:v0.17.0", "resnet50", weights="IMAGENET1K_V2")
    return model.eval()

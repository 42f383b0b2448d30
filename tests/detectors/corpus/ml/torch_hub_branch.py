# family: ml
# label: bad
# source: own
# rule: ml/torch-hub-unpinned
import torch


def load_detector():
    model = torch.hub.load("ultralytics/yolov5", "yolov5s", pretrained=True)  # expect
    return model.eval()

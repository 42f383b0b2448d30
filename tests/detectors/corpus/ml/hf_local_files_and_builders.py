# family: ml
# label: good
# source: own (pattern: local paths and packaged dataset builders are not downloads)
# rule: ml/unpinned-model-revision
from datasets import load_dataset
from transformers import AutoModelForMaskedLM, pipeline


def fine_tune_inputs(train_csv: str):
    reviews = load_dataset("csv", data_files={"train": train_csv}, split="train")
    model = AutoModelForMaskedLM.from_pretrained("./checkpoints/mlm-best")
    classifier = pipeline(
        "sentiment-analysis",
        model="distilbert/distilbert-base-uncased-finetuned-sst-2-english",
        revision="714eb0fa89d2f80546fda750413ed43d93601a13",
    )
    return reviews, model, classifier

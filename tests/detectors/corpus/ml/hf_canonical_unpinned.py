# family: ml
# label: bad
# source: own (pattern: canonical hub names without an organisation)
# rule: ml/unpinned-model-revision
from datasets import load_dataset
from transformers import AutoModelForMaskedLM


def fine_tune_inputs():
    reviews = load_dataset("imdb", split="train")  # expect
    model = AutoModelForMaskedLM.from_pretrained("bert-base-uncased")  # expect
    return reviews, model

# family: ml
# label: good
# source: own
# rule: ml/trust-remote-code
from transformers import AutoModelForSequenceClassification, AutoTokenizer

MODEL = "distilbert/distilbert-base-uncased-finetuned-sst-2-english"
REVISION = "714eb0fa89d2f80546fda750413ed43d93601a13"


def load_classifier():
    tokenizer = AutoTokenizer.from_pretrained(MODEL, revision=REVISION)
    model = AutoModelForSequenceClassification.from_pretrained(MODEL, revision=REVISION)
    return tokenizer, model.eval()

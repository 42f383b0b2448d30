# family: ml
# label: bad
# source: own
# rule: ml/unpinned-model-revision
from transformers import AutoModel, AutoTokenizer


def load_encoder():
    tokenizer = AutoTokenizer.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")  # expect
    model = AutoModel.from_pretrained("sentence-transformers/all-MiniLM-L6-v2")  # expect
    return tokenizer, model

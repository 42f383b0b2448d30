# family: ml
# label: good
# source: own
# rule: ml/unpinned-model-revision
from pathlib import Path

from transformers import AutoModel, AutoTokenizer

CHECKPOINT = Path(__file__).parent / "artifacts" / "encoder"


def load_encoder():
    # our own fine-tuned weights, shipped with the service image
    tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT, local_files_only=True)
    model = AutoModel.from_pretrained(CHECKPOINT, local_files_only=True)
    return tokenizer, model

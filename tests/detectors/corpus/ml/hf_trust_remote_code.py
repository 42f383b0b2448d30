# family: ml
# label: bad
# source: own
# rule: ml/trust-remote-code
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL = "acme-research/longctx-7b"


def load_generator():
    tokenizer = AutoTokenizer.from_pretrained(MODEL, revision="3f9a1c0d2b7e4a5f8c6d9e0b1a2c3d4e5f6a7b8c")
    model = AutoModelForCausalLM.from_pretrained(  # expect
        MODEL, revision="3f9a1c0d2b7e4a5f8c6d9e0b1a2c3d4e5f6a7b8c", trust_remote_code=True
    )
    return tokenizer, model

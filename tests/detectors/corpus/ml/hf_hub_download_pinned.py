# family: ml
# label: good
# source: own
# rule: ml/unpinned-model-revision
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file

REVISION = "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0"


def fetch_weights():
    path = hf_hub_download(
        repo_id="acme-research/vision-small", filename="model.safetensors", revision=REVISION
    )
    return load_file(path)

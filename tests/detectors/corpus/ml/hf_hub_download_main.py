# family: ml
# label: bad
# source: own
# rule: ml/unpinned-model-revision
from huggingface_hub import hf_hub_download
from safetensors.torch import load_file


def fetch_weights():
    path = hf_hub_download(repo_id="acme-research/vision-small", filename="model.safetensors", revision="main")  # expect
    return load_file(path)

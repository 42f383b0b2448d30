# family: ml
# label: bad
# source: own
# rule: ml/unpinned-model-revision
from huggingface_hub import snapshot_download


def mirror_model(target_dir: str) -> str:
    return snapshot_download(repo_id="acme-research/vision-small", local_dir=target_dir)  # expect

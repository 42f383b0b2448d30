# family: crypto
# label: good
# source: own (pattern: content digests are public identifiers, tuned on installed packages)
# rule: python/timing-unsafe-compare
import hashlib
from pathlib import Path


def find_image(images: list[dict], image_digest: str) -> dict | None:
    return next((i for i in images if i["imageDigest"] == image_digest), None)


def verify_download(path: Path, expected_sha256: str) -> bool:
    return hashlib.sha256(path.read_bytes()).hexdigest() == expected_sha256

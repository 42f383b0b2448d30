"""Coverage-guided fuzzing (atheris) of what the registry reads from an upload: the filename
parser, the archive readers and the core-metadata validator, the way publish_file chains
them. Run by hand, not in CI:

    .venv/bin/pip install atheris
    .venv/bin/python fuzz/registry_upload.py -atheris_runs=200000 fuzz/corpus/

Any exception other than the domain errors listed in EXPECTED is a finding: atheris stops
and writes the input to crash-<sha1>; turn it into an @example in
tests/unit/registry/test_fuzz_core.py and fix the reader.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports():
    from registry.core.archive import ArchiveLimits, ArchiveTooLarge, BadArchive, read_core_metadata
    from registry.core.filenames import BadFilename
    from registry.core.limits import release_problems
    from registry.core.upload import Digests, UploadForm, check_core_metadata, check_form

EXPECTED = (BadFilename, BadArchive, ArchiveTooLarge)
LIMITS = ArchiveLimits(max_uncompressed_bytes=4 * 1024 * 1024, max_compression_ratio=100)
FILENAMES = ["demo_pkg-1.0-py3-none-any.whl", "demo_pkg-1.0.tar.gz"]


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    choice = fdp.ConsumeIntInRange(0, 2)
    filename = FILENAMES[choice] if choice < 2 else fdp.ConsumeUnicodeNoSurrogates(80)
    fields = {"name": [fdp.ConsumeUnicodeNoSurrogates(30)], "version": ["1.0"]}
    sha = fdp.ConsumeUnicodeNoSurrogates(70)
    content = fdp.ConsumeBytes(fdp.remaining_bytes())
    form = UploadForm("file_upload", "1", filename, sha256_digest=sha, fields=fields)
    _problems, dist = check_form(form, Digests.of_stream(io.BytesIO(content)))
    release_problems(fields["name"][0], "1.0", filename)
    if dist is None:
        return
    try:
        raw = read_core_metadata(io.BytesIO(content), dist, LIMITS)
    except EXPECTED:
        return
    check_core_metadata(raw, dist, form)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

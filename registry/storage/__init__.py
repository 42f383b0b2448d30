"""Blob stores: the local filesystem (default) and S3."""

from __future__ import annotations

from registry.config import Settings
from registry.core.ports import BlobStore


def build_blob_store(settings: Settings) -> BlobStore:
    """The store the settings ask for (boto3 is imported only when S3 is used)."""
    if settings.storage == "s3":
        import boto3

        from registry.storage.s3 import S3BlobStore

        client = boto3.client(
            "s3", endpoint_url=settings.s3_endpoint_url, region_name=settings.s3_region
        )
        assert settings.s3_bucket
        return S3BlobStore(client, settings.s3_bucket, settings.s3_prefix)
    from registry.storage.local import LocalBlobStore

    return LocalBlobStore(settings.blob_dir)

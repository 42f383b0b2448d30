# family: secrets
# label: good
# source: own
# rule: secrets/azure-storage-key
import os

from azure.storage.blob import BlobServiceClient


def container(name: str):
    client = BlobServiceClient.from_connection_string(os.environ["AZURE_STORAGE_CONNECTION_STRING"])
    return client.get_container_client(name)


# local development uses Azurite: "UseDevelopmentStorage=true"
LOCAL = "UseDevelopmentStorage=true"

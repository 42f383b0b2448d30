# family: secrets
# label: bad
# source: own
# rule: secrets/azure-storage-key
from azure.storage.blob import BlobServiceClient

CONNECTION = (
    "DefaultEndpointsProtocol=https;AccountName=codeyardartifacts;"
    "AccountKey=LJCtjEgeg+aQG9nvEbZBo+QlfCLsaOLGpjVIEG+AHQftqyghaXA9C7KddJwNgvD98Jq47l5gOKlohLYcDnZn5g==;"  # expect
    "EndpointSuffix=core.windows.net"
)


def container(name: str):
    return BlobServiceClient.from_connection_string(CONNECTION).get_container_client(name)

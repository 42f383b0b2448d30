# family: resources
# label: bad
# source: own
import zipfile


def member_names(path: str) -> list[str]:
    archive = zipfile.ZipFile(path)  # expect
    return archive.namelist()

# family: resources
# label: bad
# source: own
from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch):
    executor = ThreadPoolExecutor(max_workers=8)  # expect
    return list(executor.map(fetch, urls))

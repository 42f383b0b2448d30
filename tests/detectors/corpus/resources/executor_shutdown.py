# family: resources
# label: good
# source: own
from concurrent.futures import ThreadPoolExecutor


def fetch_all(urls, fetch):
    executor = ThreadPoolExecutor(max_workers=8)
    try:
        return list(executor.map(fetch, urls))
    finally:
        executor.shutdown(wait=True)

# family: resources
# label: good
# source: own
# rule: python/blocking-call-in-async
import asyncio
import time


async def retry(operation, attempts: int = 5):
    for attempt in range(attempts):
        try:
            return await operation()
        except ConnectionError:
            await asyncio.sleep(2**attempt)
    raise TimeoutError("gave up")


def wait_for_file_sync(check, attempts: int = 5) -> bool:
    for _ in range(attempts):
        if check():
            return True
        time.sleep(1)
    return False

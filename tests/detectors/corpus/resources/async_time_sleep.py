# family: resources
# label: bad
# source: own
# rule: python/blocking-call-in-async
import asyncio
import time


async def retry(operation, attempts: int = 5):
    for attempt in range(attempts):
        try:
            return await operation()
        except ConnectionError:
            time.sleep(2**attempt)  # expect
    raise TimeoutError("gave up")


def main() -> None:
    asyncio.run(retry(lambda: asyncio.sleep(0)))

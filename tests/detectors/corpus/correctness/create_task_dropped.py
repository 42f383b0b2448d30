# family: correctness
# label: bad
# source: own
# rule: python/dangling-task
import asyncio


async def handle_order(order: dict, notify) -> dict:
    asyncio.create_task(notify(order["customer"], "order received"))  # expect
    return {"id": order["id"], "status": "accepted"}

# family: correctness
# label: good
# source: own
# rule: python/dangling-task
import asyncio

_background: set[asyncio.Task] = set()


async def handle_order(order: dict, notify) -> dict:
    task = asyncio.create_task(notify(order["customer"], "order received"))
    _background.add(task)
    task.add_done_callback(_background.discard)
    return {"id": order["id"], "status": "accepted"}

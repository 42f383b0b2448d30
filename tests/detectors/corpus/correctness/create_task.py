# family: correctness
# label: good
# source: own
import asyncio

background: set[asyncio.Task] = set()


async def notify(user_id: int, text: str) -> None:
    await asyncio.sleep(0.1)


async def on_signup(user_id: int) -> None:
    task = asyncio.create_task(notify(user_id, "welcome"))
    background.add(task)
    task.add_done_callback(background.discard)

# family: correctness
# label: bad
# source: own
import asyncio


async def notify(user_id: int, text: str) -> None:
    await asyncio.sleep(0.1)


async def on_signup(user_id: int) -> None:
    notify(user_id, "welcome")  # expect

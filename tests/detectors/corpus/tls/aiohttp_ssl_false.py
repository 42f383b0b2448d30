# family: tls
# label: bad
# source: own
import aiohttp


async def fetch_metrics(url: str) -> str:
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=False) as response:  # expect
            return await response.text()

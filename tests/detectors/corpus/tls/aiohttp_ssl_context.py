# family: tls
# label: good
# source: own
import ssl

import aiohttp


async def fetch_metrics(url: str, ca: str) -> str:
    context = ssl.create_default_context(cafile=ca)
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=context) as response:
            return await response.text()

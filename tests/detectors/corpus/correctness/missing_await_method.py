# family: correctness
# label: bad
# source: own
class Mailer:
    async def send(self, to: str, body: str) -> None:
        ...

    async def welcome(self, to: str) -> None:
        self.send(to, "welcome!")  # expect

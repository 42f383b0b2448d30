# family: correctness
# label: good
# source: own
# rule: python/raise-not-implemented
class Money:
    def __init__(self, cents: int) -> None:
        self.cents = cents

    def __add__(self, other: object) -> "Money":
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self.cents + other.cents)

    def convert(self, currency: str) -> "Money":
        raise NotImplementedError("currency conversion lives in the billing service")

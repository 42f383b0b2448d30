# family: crypto
# label: good
# source: own
# rule: python/timing-unsafe-compare
from dataclasses import dataclass


@dataclass
class Token:
    kind: str
    text: str


def expect(tokens: list[Token], kind: str) -> Token:
    token = tokens.pop(0)
    if token.kind != kind:
        raise SyntaxError(f"expected {kind}, got {token.kind}")
    return token

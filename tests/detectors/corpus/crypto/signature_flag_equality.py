# family: crypto
# label: good
# source: own (pattern: an __eq__ over fields named like secrets, tuned on installed packages)
# rule: python/timing-unsafe-compare
from dataclasses import dataclass


@dataclass(eq=False)
class KeyUsage:
    digital_signature: bool
    key_encipherment: bool

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyUsage):
            return NotImplemented
        return (
            self.digital_signature == other.digital_signature
            and self.key_encipherment == other.key_encipherment
        )

    def __hash__(self) -> int:
        return hash((self.digital_signature, self.key_encipherment))

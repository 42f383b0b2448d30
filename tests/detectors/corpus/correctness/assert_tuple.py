# family: correctness
# label: bad
# source: own
def withdraw(balance: int, amount: int) -> int:
    assert (amount <= balance, "insufficient funds")  # expect
    return balance - amount

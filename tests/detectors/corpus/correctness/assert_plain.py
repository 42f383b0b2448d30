# family: correctness
# label: good
# source: own
def withdraw(balance: int, amount: int) -> int:
    assert amount <= balance, "insufficient funds"
    return balance - amount

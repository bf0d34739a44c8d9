# raising a custom exception with a message
class InsufficientFunds(Exception):
    def __init__(self, needed):
        super().__init__(f"need {needed} more")
        self.needed = needed


def pay(balance, price):
    if price > balance:
        raise InsufficientFunds(price - balance)
    return balance - price


print(pay(50, 20))
try:
    pay(10, 25)
except InsufficientFunds as e:
    print("caught:", e, e.needed)
pay(1, 2)

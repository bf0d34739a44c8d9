# assert with a message
def withdraw(balance, amount):
    assert amount > 0, "amount must be positive"
    assert amount <= balance, f"cannot withdraw {amount} from {balance}"
    return balance - amount


print(withdraw(100, 30))
try:
    withdraw(100, -5)
except AssertionError as e:
    print("AssertionError:", e)
print(withdraw(10, 50))

# creating an object without the arguments __init__ needs
class Account:
    def __init__(self, owner, balance):
        self.owner = owner
        self.balance = balance


a = Account("Lee", 10)
print(a.owner, a.balance)
b = Account("Max")

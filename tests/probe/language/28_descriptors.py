# a descriptor with __set_name__, __get__ and __set__
class Positive:
    def __set_name__(self, owner, name):
        self.name = "_" + name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name)

    def __set__(self, obj, value):
        if value <= 0:
            raise ValueError(f"{self.name[1:]} must be positive, got {value}")
        setattr(obj, self.name, value)


class Product:
    price = Positive()
    quantity = Positive()

    def __init__(self, price, quantity):
        self.price = price
        self.quantity = quantity


p = Product(5, 3)
print(p.price * p.quantity)
print(type(Product.price).__name__)
try:
    p.quantity = 0
except ValueError as e:
    print(e)
print(vars(p))
Product(-1, 1)

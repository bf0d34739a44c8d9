# mixin classes adding behaviour
import json


class JsonMixin:
    def to_json(self):
        return json.dumps(self.__dict__)


class ReprMixin:
    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


class User(JsonMixin, ReprMixin):
    def __init__(self, name, age):
        self.name = name
        self.age = age


u = User("Ana", 30)
print(u.to_json())
print(u)
print([c.__name__ for c in User.__mro__])
print(isinstance(u, JsonMixin), issubclass(User, ReprMixin))

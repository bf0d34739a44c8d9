# misspelt attribute on your own object
class User:
    def __init__(self, name):
        self.name = name
        self.email = name.lower() + "@example.com"


u = User("Kim")
print(u.name, u.email)
print(u.emial)

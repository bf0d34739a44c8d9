# creating classes with type()
def greet(self):
    return f"hi, I am {self.name}"


Person = type("Person", (), {"greet": greet, "species": "human"})
p = Person()
p.name = "Zoe"
print(p.greet(), Person.species)
print(type(p).__name__, Person.__name__)
Student = type("Student", (Person,), {"school": "MIT"})
s = Student()
s.name = "Max"
print(s.greet(), s.school, isinstance(s, Person))
print(type(5), type("x"), type(type))
print(type(s) is Student, type(s) == Person)

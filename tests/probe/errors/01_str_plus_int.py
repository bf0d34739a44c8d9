# building a message with + and a number
name = "Sam"
age = 30
print("name: " + name)
print("age: " + age)

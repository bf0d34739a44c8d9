# calling a function with too few arguments
def greet(name, greeting):
    return f"{greeting}, {name}!"


print(greet("Ana", "Hi"))
print(greet("Ana"))

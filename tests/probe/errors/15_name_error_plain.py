# using a name that was never defined
def greet():
    print("hello", username)


print("start")
greet()

# calling a method on None
def find_user(name):
    users = {"amy": {"age": 30}}
    return users.get(name)


print(find_user("amy"))
user = find_user("zed")
print(user.get("age"))

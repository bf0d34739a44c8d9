# concatenating None into a greeting
def get_nickname(user):
    return user.get("nick")


user = {"name": "Robin"}
print("Hi " + user["name"])
print("Hi " + get_nickname(user))

# giving the same argument twice
def make_user(name, role="viewer"):
    return {"name": name, "role": role}


print(make_user("a", role="admin"))
try:
    make_user("a", name="b")
except TypeError as e:
    print(e)
opts = {"role": "editor"}
print(make_user("c", **opts))
make_user("d", "admin", **opts)

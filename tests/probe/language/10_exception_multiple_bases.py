# an app error that is also a KeyError
class AppError(Exception):
    pass


class NotFound(AppError, KeyError):
    pass


def lookup(users, uid):
    if uid not in users:
        raise NotFound(f"user {uid}")
    return users[uid]


users = {1: "ana"}
for uid in [1, 2]:
    try:
        print(lookup(users, uid))
    except KeyError as e:
        print("KeyError handler got:", type(e).__name__, e)
try:
    lookup(users, 3)
except AppError as e:
    print("AppError handler got:", repr(e), str(e))
print([c.__name__ for c in NotFound.__mro__])
lookup(users, 4)

# Enum(value) with a value that is not there
from enum import Enum


class Status(Enum):
    ACTIVE = "active"
    BANNED = "banned"


print(Status("active"))
print(Status.ACTIVE == "active")
print(Status.ACTIVE.value == "active")
print(Status("deleted"))

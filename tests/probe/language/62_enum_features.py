# Enum with auto, methods and IntEnum/Flag
from enum import Enum, IntEnum, Flag, auto


class Weekday(Enum):
    MON = auto()
    TUE = auto()
    WED = auto()

    def is_start(self):
        return self is Weekday.MON


class Priority(IntEnum):
    LOW = 1
    HIGH = 2


class Perm(Flag):
    R = auto()
    W = auto()
    X = auto()


print(list(Weekday), Weekday.TUE.value, Weekday.MON.is_start())
print(Priority.HIGH > Priority.LOW, Priority.HIGH + 1, sorted([Priority.HIGH, Priority.LOW]))
rw = Perm.R | Perm.W
print(rw, Perm.R in rw, Perm.X in rw)
print(Weekday.MON == 1, Priority.LOW == 1)
print({d.name: d.value for d in Weekday})

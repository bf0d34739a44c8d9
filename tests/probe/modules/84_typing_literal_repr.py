# how typing's Literal, Annotated and forward references print
from typing import Literal, Optional, Union, List, Dict, Annotated, Tuple, Callable, Final, ClassVar, get_type_hints

Mode = Literal["r", "w", "a"]
print(Mode)
print(Literal[1, 2, 3], Literal["x", 1, None, True])
print(Literal["it's"])
print(Optional[Literal["on", "off"]])
print(Annotated[int, "meters"])
print(List[Literal["r"]], Dict[str, Literal[0, 1]])
print(Final[int], ClassVar[str])
print(Tuple[int, ...], Callable[[int, str], bool])
print(List["Node"], Union[int, "Node"])


def open_file(path: str, mode: Mode = "r") -> Optional[str]:
    return None


print(get_type_hints(open_file))

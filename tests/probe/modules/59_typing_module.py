# typing helpers at runtime
from typing import Optional, Union, List, Dict, Any, TypedDict, Literal, get_type_hints, cast


class Movie(TypedDict):
    title: str
    year: int


def pick(mode: Literal["a", "b"], n: Optional[int] = None) -> Union[int, str]:
    return n if n is not None else mode


m: Movie = {"title": "Up", "year": 2009}
print(m, type(m).__name__)
print(pick("a"), pick("b", 3))
print(get_type_hints(pick))
print(Optional[int], List[int], Dict[str, Any])
print(cast(int, "not really"))

"""Exceptions: try/except as/tuples/else/finally, user exceptions, raise from, builtin error messages, repr/str."""


class AppError(Exception):
    pass


class NotFound(AppError):
    def __init__(self, key, where="store"):
        super().__init__(f"{key!r} not found in {where}")
        self.key = key


def attempt(label, fn):
    try:
        result = fn()
    except (KeyError, IndexError) as e:
        print(f"{label}: lookup {type(e).__name__} str={str(e)} repr={e!r}")
    except ZeroDivisionError as e:
        print(f"{label}: math {e}")
    except AppError as e:
        print(f"{label}: app {type(e).__name__} {e} args={e.args}")
    except Exception as e:
        print(f"{label}: other {type(e).__name__}: {e}")
    else:
        print(f"{label}: ok {result!r}")
    finally:
        print(f"{label}: finally")


def undefined_name():
    return missing_variable  # noqa: F821


def load(key):
    try:
        return {"a": 1}[key]
    except KeyError as e:
        raise NotFound(key) from e


attempt("dict", lambda: {"a": 1}["b"])
attempt("list", lambda: [1, 2, 3][5])
attempt("div", lambda: 1 / 0)
attempt("mod", lambda: 5 % 0)
attempt("app", lambda: load("zz"))
attempt("ok", lambda: load("a"))
attempt("name", undefined_name)
attempt("attr", lambda: "text".nope)
attempt("type", lambda: 1 + "a")
attempt("value", lambda: int("12x"))
attempt("type2", lambda: len(5))
try:
    load("q")
except AppError as e:
    print("cause:", repr(e.__cause__), "| key:", e.key, "| isinstance:", isinstance(e, Exception))
e = ValueError("boom", 42)
print(str(e), repr(e), e.args, repr(ValueError()), str(ValueError()) == "")
print(repr(KeyError("k")), str(KeyError("k")), repr(NotFound("x", where="db")))

# which except clause catches what
cases = [ZeroDivisionError("z"), KeyError("k"), IndexError("i"), FileNotFoundError("f"),
         ValueError("v"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"), TimeoutError("t")]
for exc in cases:
    try:
        raise exc
    except ArithmeticError:
        caught = "ArithmeticError"
    except LookupError:
        caught = "LookupError"
    except OSError:
        caught = "OSError"
    except ValueError:
        caught = "ValueError"
    print(type(exc).__name__, "->", caught)
print(issubclass(KeyboardInterrupt, Exception), issubclass(StopIteration, Exception))

# exception context and from None
def convert(text):
    try:
        return int(text)
    except ValueError:
        raise TypeError("need digits") from None


try:
    convert("x")
except TypeError as e:
    print(e, e.__cause__, e.__suppress_context__)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise KeyError("k")
except KeyError as e:
    print(repr(e), type(e.__context__).__name__)

# a generator that is dropped half way runs its finally block
def read_lines():
    try:
        yield "line 1"
        yield "line 2"
        yield "line 3"
    finally:
        print("closing the file")


lines = read_lines()
print(next(lines))
print("dropping the generator")
lines = None
print("after drop")

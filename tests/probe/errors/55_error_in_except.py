# a second error while handling the first
def parse(text):
    try:
        return int(text)
    except ValueError:
        print("could not parse", repr(text))
        return int(text.strip("!"))


print(parse("12"))
print(parse("7!"))
print(parse("x!"))

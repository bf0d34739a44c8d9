# nested patterns and falling through with no match
def area(shape):
    match shape:
        case ("rect", w, h):
            return w * h
        case ("square", s):
            return s * s
        case ("circle", r):
            return round(3.14159 * r * r, 2)
    return None


print(area(("rect", 2, 3)))
print(area(("square", 4)))
print(area(("circle", 1)))
print(area(("triangle", 1, 2, 3)))
match {"user": {"name": "ana", "roles": ["admin", "dev"]}}:
    case {"user": {"name": str(name), "roles": [*_, "admin"]}}:
        print("last role admin", name)
    case {"user": {"name": name, "roles": ["admin", *_]}}:
        print("first role admin", name)
    case _:
        print("nope")

# guards in match cases
def grade(score):
    match score:
        case n if n < 0 or n > 100:
            return "invalid"
        case n if n >= 90:
            return "A"
        case n if n >= 75:
            return "B"
        case n if n >= 50:
            return "C"
        case _:
            return "F"


print([grade(s) for s in [95, 80, 60, 10, -3, 101]])


def classify(pair):
    match pair:
        case (a, b) if a == b:
            return "same"
        case (a, b) if a > b:
            return "descending"
        case (a, b):
            return "ascending"


print(classify((1, 1)), classify((3, 1)), classify([1, 3]))

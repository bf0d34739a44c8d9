# comparing input-like strings with numbers
answer = "18"
if answer == 18:
    print("equal")
else:
    print("not equal")
if answer > 17:
    print("adult")

# converting user text to int
for text in ["42", " 7 ", "-1", "3.5", "", "seven"]:
    try:
        print(int(text))
    except ValueError as e:
        print("ValueError:", e)
int("twelve")

# converting text to float
for text in ["3.14", "1e3", "nan", "inf", "1,5", "abc", ""]:
    try:
        print(float(text))
    except ValueError as e:
        print("ValueError:", e)

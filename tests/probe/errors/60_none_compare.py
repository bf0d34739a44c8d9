# comparing None with a number
scores = {"amy": 7}
best = scores.get("bob")
print(best)
if best > 5:
    print("good")

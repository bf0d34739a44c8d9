# adding a number and a string the other way round
years = 5
try:
    print(years + " years")
except TypeError as e:
    print(e)
print(str(years) + " years")
print(f"{years} years")
total = years + "1"

# computing ages and countdowns from fixed dates
from datetime import date

today = date(2024, 6, 15)
births = {"ann": date(1990, 6, 16), "bob": date(2000, 2, 29), "cy": date(2024, 1, 1)}
for name, b in births.items():
    age = today.year - b.year - ((today.month, today.day) < (b.month, b.day))
    print(name, age)
new_year = date(today.year + 1, 1, 1)
print("days to new year:", (new_year - today).days)
print(sorted(births, key=births.get))

# dates: construction, arithmetic, weekday
from datetime import date, timedelta

d = date(2024, 2, 28)
print(d, d.year, d.month, d.day)
print(d + timedelta(days=1), d + timedelta(days=2))
print(d.weekday(), d.isoweekday(), d.strftime("%A %d %B %Y"))
print(date(2024, 12, 25) - date(2024, 1, 1))
print((date(2024, 12, 25) - date(2024, 1, 1)).days)
print(date.fromisoformat("2023-07-04").isoformat())
print(d.replace(year=2023), date(2023, 3, 1) - timedelta(days=1))
print(d < date(2025, 1, 1), max(date(2020, 1, 1), d))
print(repr(d))

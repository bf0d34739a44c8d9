# invalid dates
from datetime import date, datetime

try:
    date(2023, 2, 29)
except ValueError as e:
    print("ValueError:", e)
try:
    date(2023, 13, 1)
except ValueError as e:
    print("ValueError:", e)
datetime.strptime("2023-99-01", "%Y-%m-%d")

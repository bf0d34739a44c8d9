# datetimes and timedeltas
from datetime import datetime, timedelta

start = datetime(2024, 3, 10, 14, 30)
end = start + timedelta(hours=5, minutes=45)
print(start, end)
print(end - start, (end - start).total_seconds())
print(end.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%I:%M %p"))
print(start.isoformat(), start.date(), start.time())
print(datetime.fromisoformat("2024-01-15T08:00:00") + timedelta(days=-1))
print(datetime.strptime("05/06/2023 18:20", "%d/%m/%Y %H:%M"))
print(timedelta(days=1, seconds=3661), timedelta(hours=-1))
print(timedelta(minutes=90) // timedelta(minutes=30), timedelta(hours=1) / 4)
print(repr(timedelta(days=2, hours=3)))

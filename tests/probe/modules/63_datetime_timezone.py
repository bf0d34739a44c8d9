# fixed-offset time zones
from datetime import datetime, timezone, timedelta

utc_time = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
print(utc_time, utc_time.isoformat())
ist = timezone(timedelta(hours=5, minutes=30), "IST")
print(utc_time.astimezone(ist), utc_time.astimezone(ist).tzname())
print(datetime(2024, 1, 1, tzinfo=ist) - utc_time)
print(datetime.fromtimestamp(0, tz=timezone.utc))
print(utc_time.timestamp())
naive = datetime(2024, 1, 1)
try:
    naive < utc_time
except TypeError as e:
    print("TypeError:", e)

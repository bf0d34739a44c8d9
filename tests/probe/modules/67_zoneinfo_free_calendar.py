# the calendar module
import calendar

print(calendar.isleap(2024), calendar.leapdays(2000, 2025))
print(calendar.monthrange(2024, 2))
print(calendar.weekday(2024, 7, 4), calendar.day_name[calendar.weekday(2024, 7, 4)])
print(calendar.month(2024, 2))
print(list(calendar.month_abbr)[1:4])

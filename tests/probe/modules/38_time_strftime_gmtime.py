# formatting fixed timestamps with the time module
import time

t = time.gmtime(0)
print(t.tm_year, t.tm_mon, t.tm_mday, t.tm_wday, t.tm_yday)
print(time.strftime("%Y-%m-%d %H:%M:%S", t))
t2 = time.gmtime(1_000_000_000)
print(time.strftime("%a, %d %b %Y %H:%M:%S", t2))
print(time.strftime("%j %U %p", t2))
print(time.asctime(t2))
print(time.strftime("%d.%m.%y", time.gmtime(86400 * 365)))
print(time.strptime("2024-05-06", "%Y-%m-%d")[:3])

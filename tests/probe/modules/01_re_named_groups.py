# parsing log lines with named groups
import re

pattern = re.compile(r"(?P<level>INFO|WARN|ERROR) \[(?P<module>\w+)\] (?P<msg>.*)")
lines = ["INFO [db] connected", "ERROR [api] timeout after 30s", "garbage", "WARN [cache] miss"]
for line in lines:
    m = pattern.match(line)
    if m:
        print(m.group("level"), m["module"], repr(m.group("msg")))
        print("  ", m.groupdict())
    else:
        print("no match:", line)

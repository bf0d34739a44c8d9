# reading a file that is not there: the FileNotFoundError learners hit
from pathlib import Path

config = Path("settings") / "config.ini"
print("looking for", config)
if not config.exists():
    print("not there yet")
try:
    config.read_text()
except FileNotFoundError as e:
    print(e.errno, e.strerror, e.filename)
try:
    Path("data").read_text()
except IsADirectoryError as e:
    print("IsADirectoryError:", e)
Path("scores.txt").read_text()

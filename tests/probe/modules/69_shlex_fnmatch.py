# shell-like splitting and filename patterns
import shlex
import fnmatch

print(shlex.split('grep -r "hello world" --include=*.py .'))
print(shlex.quote("file name.txt"), shlex.join(["ls", "-l", "my dir"]))
files = ["main.py", "test_main.py", "README.md", "setup.cfg", "data.PY"]
print(fnmatch.filter(files, "*.py"), fnmatch.fnmatch("data.PY", "*.py"))
print([f for f in files if fnmatch.fnmatchcase(f, "test_*")])

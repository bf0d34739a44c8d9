# sys attributes that tutorials print
import sys

print(sys.version_info[:2] >= (3, 8), sys.version_info.major)
print(type(sys.argv).__name__, len(sys.argv) >= 1)
print(sys.getrecursionlimit())
print(sys.maxsize == 2 ** 63 - 1)
print("sys" in sys.modules, sys.argv[0].endswith(".py"))
sys.stdout.write("written directly\n")
print(sys.platform != "")

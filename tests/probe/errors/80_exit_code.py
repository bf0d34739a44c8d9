# sys.exit with a code after printing
import sys


def main():
    errors = ["missing name"]
    for e in errors:
        print("error:", e)
    if errors:
        sys.exit(3)
    print("all good")


main()

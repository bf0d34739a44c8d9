# a menu loop driven by a list of fake inputs
inputs = iter(["add 5", "add 7", "show", "sub 2", "oops", "quit"])
total = 0
while True:
    line = next(inputs)
    cmd, *arg = line.split()
    if cmd == "quit":
        print("bye")
        break
    elif cmd == "add":
        total += int(arg[0])
    elif cmd == "sub":
        total -= int(arg[0])
    elif cmd == "show":
        print("total:", total)
    else:
        print("unknown command", repr(cmd))
        continue
print("final", total)

# changing a bytearray in place: items, slices, del, insert, pop, remove, reverse, clear
buf = bytearray(b"hello world")
alias = buf
buf[0] = ord("H")
buf[6:11] = b"WORLD"
print(buf, alias is buf, alias)

buf[5:6] = b", dear "
print(buf)
del buf[0]
del buf[-5:]
print(buf)
buf.insert(0, ord("J"))
buf.insert(100, ord("!"))
buf.insert(-1, ord("?"))
print(buf)
print(buf.pop(), buf.pop(0), buf)
buf.remove(ord("l"))
print(buf)
buf.reverse()
print(buf)
buf[::2] = b"*" * len(buf[::2])
print(buf)
buf[1:3] = []
buf[0:0] = [65, 66, 67]
print(buf, len(buf))
copy = buf.copy()
buf.clear()
print(buf, copy, len(buf), bool(buf), bool(copy))

counter = bytearray(3)
for i in range(10):
    counter[i % 3] += 1
print(counter, list(counter))

grow = bytearray(b"ab")
grow *= 3
grow += bytearray(b"!")
grow.extend([48, 49])
grow.extend(range(50, 52))
print(grow, b"ba" in grow, 98 in grow, 120 in grow)
print(grow[0], grow[-1], grow[1:4], grow[::-1])

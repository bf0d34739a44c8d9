# Two lists nested 60,000 deep compared with ==.
# Looplab: stack overflow (Interp::eq <-> seq_eq recursion with no depth
# check, crates/script/src/ops.rs). CPython 3.11: RecursionError: maximum
# recursion depth exceeded in comparison.
x = []
y = []
for i in range(60000):
    x = [x]
    y = [y]
print(x == y)

# A tuple nested 40,000 deep hashed.
# Looplab: stack overflow (value::hash_value recursion with no depth
# check, crates/script/src/value.rs). CPython 3.11 prints True.
x = ()
for i in range(40000):
    x = (x,)
print(hash(x) is not None)

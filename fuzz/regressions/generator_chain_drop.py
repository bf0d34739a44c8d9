# 100,000 suspended generators, each holding the previous one, freed when
# the program ends.
# Looplab used to overflow the stack in the recursive Drop of the generators' frames
# (Fiber -> Frames -> VmFrame -> locals -> Value ...). CPython 3.11 prints
# "built". Fixed by the trashcan in `Value`'s Drop (crates/script/src/value.rs).
def g(inner):
    yield inner


x = None
for i in range(100000):
    x = g(x)
print("built")

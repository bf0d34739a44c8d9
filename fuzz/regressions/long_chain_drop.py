# A linked list of 150,000 nodes, freed when the program ends.
# Looplab used to overflow the stack in the recursive Drop of the Rc chain
# (Value -> Instance -> dict -> Value ...). CPython 3.11 prints "built"
# (its deallocator's "trashcan" unrolls deep chains).
# Fixed by the same trashcan in `Value`'s Drop (crates/script/src/value.rs).
class Node:
    def __init__(self, nxt):
        self.nxt = nxt


n = None
for i in range(150000):
    n = Node(n)
print("built")

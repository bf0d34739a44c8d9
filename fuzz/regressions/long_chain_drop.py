# A linked list of 150,000 nodes, freed when the program ends.
# Looplab: stack overflow in the recursive Drop of the Rc chain
# (Value -> Instance -> dict -> Value ...). CPython 3.11 prints "built"
# (its deallocator's "trashcan" unrolls deep chains).
class Node:
    def __init__(self, nxt):
        self.nxt = nxt


n = None
for i in range(150000):
    n = Node(n)
print("built")

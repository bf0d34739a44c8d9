# shallow and deep copies of nested data
import copy

board = [[0, 0], [0, 0]]
shallow = copy.copy(board)
deep = copy.deepcopy(board)
board[0][0] = 1
print(shallow, deep)


class Node:
    def __init__(self, val, children=None):
        self.val = val
        self.children = children or []


root = Node(1, [Node(2)])
clone = copy.deepcopy(root)
clone.children[0].val = 99
print(root.children[0].val, clone.children[0].val)

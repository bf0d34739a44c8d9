# comparisons with functools.total_ordering
from functools import total_ordering


@total_ordering
class Card:
    order = "23456789TJQKA"

    def __init__(self, rank):
        self.rank = rank

    def __eq__(self, other):
        return self.rank == other.rank

    def __lt__(self, other):
        return self.order.index(self.rank) < self.order.index(other.rank)

    def __repr__(self):
        return f"Card({self.rank!r})"


hand = [Card("K"), Card("3"), Card("A"), Card("T")]
print(sorted(hand))
print(Card("Q") >= Card("J"), Card("2") > Card("3"), Card("5") <= Card("5"))
print(max(hand))

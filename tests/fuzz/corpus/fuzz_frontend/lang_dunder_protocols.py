# Data-model protocols: __eq__, __lt__, __len__, __iter__, __getitem__, __contains__, __bool__, __hash__.
class Card:
    order = "23456789TJQKA"

    def __init__(self, rank, suit):
        self.rank, self.suit = rank, suit

    def __eq__(self, other):
        return isinstance(other, Card) and self.rank == other.rank

    def __lt__(self, other):
        return Card.order.index(self.rank) < Card.order.index(other.rank)

    def __hash__(self):
        return hash(self.rank)

    def __repr__(self):
        return self.rank + self.suit


class Hand:
    def __init__(self, cards):
        self.cards = list(cards)

    def __len__(self):
        return len(self.cards)

    def __iter__(self):
        return iter(self.cards)

    def __getitem__(self, index):
        return self.cards[index]

    def __contains__(self, card):
        print("  __contains__", card)
        return card in self.cards

    def __bool__(self):
        return len(self.cards) > 0


class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


hand = Hand([Card("K", "h"), Card("3", "s"), Card("A", "d"), Card("3", "c")])
print(len(hand), list(hand), hand[0], hand[1:3], hand[-1])
print(sorted(hand), max(hand), min(hand), Card("3", "x") == Card("3", "y"), Card("3", "x") != Card("4", "x"))
print(Card("Q", "h") in hand, Card("A", "s") in hand)
print(bool(hand), bool(Hand([])), "empty" if not Hand([]) else "full")
print(Card("2", "h") > Card("A", "h"), Card("A", "h") > Card("2", "h"))
try:
    Card("5", "h") <= Card("5", "d")
except TypeError:
    print("no __le__: TypeError")
print(list(Countdown(3)), sum(Countdown(4)), [c for c in Countdown(2)])
for i, card in enumerate(hand):
    print(i, card)
print(len({Card("3", "a"), Card("3", "b"), Card("K", "c")}))

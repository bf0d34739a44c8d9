# counting instances with a class attribute
class Ticket:
    issued = 0

    def __init__(self):
        Ticket.issued += 1
        self.number = Ticket.issued

    def __repr__(self):
        return f"#{self.number:03d}"


tickets = [Ticket() for _ in range(3)]
print(tickets, Ticket.issued)
t = Ticket()
t.issued = 100
print(Ticket.issued, t.issued, Ticket().number)

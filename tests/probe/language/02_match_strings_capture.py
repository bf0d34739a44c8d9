# a tiny command parser with match
def run(command):
    match command.split():
        case ["quit"]:
            return "bye"
        case ["go", direction]:
            return f"going {direction}"
        case ["pick", "up", item]:
            return f"picked up {item}"
        case ["drop", *items]:
            return f"dropped {', '.join(items)}"
        case []:
            return "say something"
        case _:
            return f"unknown command: {command!r}"


for c in ["go north", "pick up lamp", "drop key coin", "quit", "", "dance now"]:
    print(run(c))

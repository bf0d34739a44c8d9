# matching JSON-like dicts
events = [
    {"type": "click", "x": 10, "y": 20},
    {"type": "key", "key": "Enter"},
    {"type": "key", "key": "a", "shift": True},
    {"type": "scroll"},
    {"kind": "other"},
]
for ev in events:
    match ev:
        case {"type": "click", "x": x, "y": y}:
            print(f"click at {x},{y}")
        case {"type": "key", "key": "Enter"}:
            print("enter pressed")
        case {"type": "key", "key": k, **rest}:
            print(f"key {k} with {rest}")
        case {"type": t}:
            print(f"unhandled {t}")
        case _:
            print("not an event")

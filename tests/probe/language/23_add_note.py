# adding notes to exceptions
def load(row):
    try:
        return int(row["qty"])
    except ValueError as e:
        e.add_note(f"while reading row {row['id']}")
        raise


try:
    load({"id": 7, "qty": "many"})
except ValueError as e:
    print("error:", e)
    print("notes:", e.__notes__)
load({"id": 9, "qty": "lots"})

# writing CSV into a string
import csv
import io

buf = io.StringIO()
writer = csv.writer(buf)
writer.writerow(["item", "price", "note"])
writer.writerows([["pen", 1.5, "blue, fine"], ["book", 12, 'the "best"']])
print(buf.getvalue(), end="")
buf = io.StringIO()
dw = csv.DictWriter(buf, fieldnames=["a", "b"], lineterminator="\n")
dw.writeheader()
dw.writerow({"a": 1, "b": None})
print(repr(buf.getvalue()))

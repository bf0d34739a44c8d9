# reading CSV text with csv.reader and DictReader
import csv

data = """name,age,city
Ann,31,"New York, NY"
Bob,25,Paris
"""
for row in csv.reader(data.splitlines()):
    print(row)
for rec in csv.DictReader(data.splitlines()):
    print(rec["name"], int(rec["age"]) + 1, rec["city"])

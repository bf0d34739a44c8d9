# json dumps and loads
import json

data = {"name": "Ann", "age": 31, "tags": ["a", "b"], "active": True, "spouse": None, "score": 9.5}
text = json.dumps(data)
print(text)
print(json.loads(text) == data)
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps({"é": "ü"}), json.dumps({"é": "ü"}, ensure_ascii=False))
print(json.dumps([1, (2, 3)], separators=(",", ":")))
print(json.loads('{"a": [1, 2.5, "x", null, false]}'))
print(json.dumps({1: "int key", "nan": float("nan")}))

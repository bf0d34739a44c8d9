# Writes decimal_differential.cpython.json for decimal_differential.rs: the
# programs in decimal_differential/ (contexts and the C module's messages,
# format specs, edge cases, Fraction), plus a program of random Decimal
# cases (two operands, a precision and a rounding mode each, about forty
# operations on them), each with CPython 3.11's output.
# Run: python3 crates/script/tests/decimal_differential_reference.py
import json, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20241122)


def operand():
    if rng.random() < 0.05:
        return rng.choice(["0", "-0", "0.00", "1E+2", "-0E-3", "Infinity", "-Infinity", "NaN",
                           "1", "-1", "10", "0.1", "2.5", "-2.5", "0.5", "1.000"])
    size = rng.choice([3, 6, 12, 30, 40])
    digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, size)))
    exp = rng.choice([0, 0, 0, -1, -2, -3, -5, 2, -10, 5, -30, 20])
    s = ("-" if rng.random() < 0.3 else "") + digits
    return s + ("E" + str(exp) if exp else "")


ROUNDINGS = ["ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_DOWN", "ROUND_UP", "ROUND_CEILING",
             "ROUND_FLOOR", "ROUND_HALF_DOWN", "ROUND_05UP"]
CASES = [(operand(), operand(), rng.choice([28, 28, 5, 9, 3, 50]), rng.choice(ROUNDINGS))
         for _ in range(120)]

RANDOM = '''import decimal
import math
from decimal import Decimal, localcontext


def r(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__ + ": " + str(e)


CASES = %r
for a, b, prec, rounding in CASES:
    with localcontext() as ctx:
        ctx.prec = prec
        ctx.rounding = rounding
        ctx.traps[decimal.InvalidOperation] = False
        ctx.traps[decimal.DivisionByZero] = False
        x, y = Decimal(a), Decimal(b)
        res = [r(lambda: x + y), r(lambda: x - y), r(lambda: x * y), r(lambda: x / y), r(lambda: x // y),
               r(lambda: x %% y), r(lambda: divmod(x, y)), r(lambda: x.sqrt()), r(lambda: x.quantize(Decimal("0.01"))),
               r(lambda: x.quantize(y)), r(lambda: x.to_integral_value()), r(lambda: x.normalize()), r(lambda: -x),
               r(lambda: abs(x)), r(lambda: x < y), r(lambda: x == y), r(lambda: x.compare(y)), r(lambda: x.max(y)),
               r(lambda: x.min(y)), r(lambda: str(x)),
               r(lambda: x.to_eng_string()), r(lambda: x.as_integer_ratio()), r(lambda: int(x)), r(lambda: round(x)),
               r(lambda: round(x, 2)), r(lambda: round(x, -1)), r(lambda: math.floor(x)), r(lambda: math.ceil(x)),
               r(lambda: hash(x) if not x.is_nan() else 0), r(lambda: x ** 2), r(lambda: x ** -1), r(lambda: x ** 3),
               r(lambda: format(x, ".3f")), r(lambda: format(x, ",.2f")), r(lambda: format(x, "e")),
               r(lambda: format(x, ".4g")), r(lambda: format(x, "%%")),
               r(lambda: x.number_class()), r(lambda: x.as_tuple()),
               r(lambda: x ** 7 if x.adjusted() < 5 else 0), r(lambda: (x.next_plus(), x.next_minus())),
               r(lambda: [s.__name__ for s in decimal.Context().flags if ctx.flags[s]])]
    print(a, b, prec, rounding, "|", " | ".join(res))
''' % (CASES,)


def cpython(src):
    out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                         cwd=HERE, check=True)
    return out.stdout


programs = []
folder = os.path.join(HERE, "decimal_differential")
for name in sorted(os.listdir(folder)):
    if name.endswith(".py"):
        with open(os.path.join(folder, name)) as f:
            src = f.read()
        programs.append({"name": name, "program": src, "stdout": cpython(src)})
programs.append({"name": "random cases", "program": RANDOM, "stdout": cpython(RANDOM)})
with open(os.path.join(HERE, "decimal_differential.cpython.json"), "w") as f:
    json.dump({"programs": programs}, f, indent=1)
    f.write("\n")
print("wrote", len(programs), "programs,", sum(p["stdout"].count("\n") for p in programs), "lines")

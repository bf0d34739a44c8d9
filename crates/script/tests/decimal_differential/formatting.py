# format() specs, %-formatting and round().
from decimal import Decimal, getcontext, localcontext, Context, ROUND_HALF_UP, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ExtendedContext, BasicContext, DecimalException, FloatOperation, Overflow, Underflow, DivisionUndefined, ConversionSyntax, InvalidOperation, DivisionByZero, Inexact
def t(f):
    try:
        r = f()
        print(repr(r))
    except Exception as e:
        print(f"{type(e).__module__}.{type(e).__qualname__}: {e}")
ds = ["1234.5", "-0.001", "0", "0.000", "1E+5", "123456789.987654321", "-1234567.891", "NaN", "-Infinity", "0.5", "2.675", "1e-8", "100", "9.999", "-0", "1.23456789E+30"]
specs = ["", ".2f", ",.2f", ",", "_", "10.3", ".3", "e", ".3e", "E", "%", ".1%", ">12.2f", "<12", "^12.1f", "*^12", "012.2f", "+.2f", " .2f", "z.2f", "#.0f", ".0f", "g", ".2g", "G", "n", ".10f", "0=12,.2f", "=+12.2f", "x", "10", ",.0f", ".0e", ".0%", "08,.1f"]
for d in ds:
    out = []
    for s in specs:
        try:
            out.append(format(Decimal(d), s))
        except Exception as e:
            out.append(f"{type(e).__name__}: {e}")
    print(d, "|".join(out))
t(lambda: "%.2f" % Decimal("1.005"))
t(lambda: "%s %r %d" % (Decimal("1.005"), Decimal("2.5"), Decimal("7.9")))
t(lambda: "{:.3f}".format(Decimal("2")))
t(lambda: round(Decimal("2.675"), 2))
t(lambda: round(Decimal("2.5")))
t(lambda: round(Decimal("-3.5")))
t(lambda: round(Decimal("123.456"), -1))
t(lambda: round(Decimal("123.456"), 0))

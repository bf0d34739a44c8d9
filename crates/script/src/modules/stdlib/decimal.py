"""Decimal floating point for Looplab, following CPython's decimal module
(the C one: its messages, its context repr, its type names).

A finite Decimal is sign * coefficient * 10 ** exponent, held as three
fields: _s (0 or 1), _c (a non-negative int) and _e (an int). Infinity and
the NaNs keep their payload in _c and mark _e with 'F', 'n' (quiet NaN) or
'N' (signaling NaN), the letters as_tuple() shows. Every operation works on
exact integers and then rounds once with _settle(), which also applies the
context's exponent limits and raises its signals.

Left out (rare in learners' programs): exp, ln, log10, logb, fma, powers
with a non-integer exponent or a modulus, the next_toward/compare_total
family, the logical and shift operations."""

import contextvars
import math
from collections import namedtuple

__all__ = [
    "Decimal", "Context", "DecimalTuple", "DefaultContext", "BasicContext",
    "ExtendedContext", "DecimalException", "Clamped", "InvalidOperation",
    "DivisionByZero", "Inexact", "Rounded", "Subnormal", "Overflow",
    "Underflow", "FloatOperation", "DivisionImpossible", "InvalidContext",
    "ConversionSyntax", "DivisionUndefined", "ROUND_DOWN", "ROUND_HALF_UP",
    "ROUND_HALF_EVEN", "ROUND_CEILING", "ROUND_FLOOR", "ROUND_UP",
    "ROUND_HALF_DOWN", "ROUND_05UP", "setcontext", "getcontext",
    "localcontext", "MAX_PREC", "MAX_EMAX", "MIN_EMIN", "MIN_ETINY",
    "HAVE_THREADS", "HAVE_CONTEXTVAR",
]

__version__ = "1.70"
__libmpdec_version__ = "2.5.1"

ROUND_DOWN = "ROUND_DOWN"
ROUND_HALF_UP = "ROUND_HALF_UP"
ROUND_HALF_EVEN = "ROUND_HALF_EVEN"
ROUND_CEILING = "ROUND_CEILING"
ROUND_FLOOR = "ROUND_FLOOR"
ROUND_UP = "ROUND_UP"
ROUND_HALF_DOWN = "ROUND_HALF_DOWN"
ROUND_05UP = "ROUND_05UP"
_MODES = (ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN, ROUND_HALF_UP,
          ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_05UP)

MAX_PREC = MAX_EMAX = 10 ** 18 - 1    # the C module's limits on 64-bit machines
MIN_EMIN = -MAX_EMAX
MIN_ETINY = MIN_EMIN - (MAX_PREC - 1)
HAVE_THREADS = True
HAVE_CONTEXTVAR = True

DecimalTuple = namedtuple("DecimalTuple", "sign digits exponent", module="decimal")


# --- signals -------------------------------------------------------------

class DecimalException(ArithmeticError): "Base of every decimal signal."
class Clamped(DecimalException): "An exponent was moved to fit the context."
class InvalidOperation(DecimalException): "No sensible result: a NaN."
class ConversionSyntax(InvalidOperation): "A string that is not a number."
class DivisionByZero(DecimalException, ZeroDivisionError): "x / 0 for x != 0."
class DivisionImpossible(InvalidOperation): "An integer quotient too long."
class DivisionUndefined(InvalidOperation, ZeroDivisionError): "0 / 0."
class Inexact(DecimalException): "Rounding lost non-zero digits."
class InvalidContext(InvalidOperation): "A context out of range."
class Rounded(DecimalException): "Rounding dropped digits."
class Subnormal(DecimalException): "A result below Emin."
class Overflow(Inexact, Rounded): "A result above Emax."
class Underflow(Inexact, Rounded, Subnormal): "A tiny result that lost digits."
class FloatOperation(DecimalException, TypeError): "A float mixed in."


# The order CPython lists signals in (flags and traps dicts, and which
# exception is raised when several trapped signals occur at once).
_SIGNALS = (InvalidOperation, FloatOperation, DivisionByZero, Overflow,
            Underflow, Subnormal, Inexact, Rounded, Clamped)
# The order of the names in Context's repr (the C library's status bits):
# InvalidOperation shows at the place of the condition that raised it.
_REPR_ORDER = (Clamped, ConversionSyntax, DivisionByZero, DivisionImpossible,
               DivisionUndefined, Inexact, InvalidContext, InvalidOperation,
               FloatOperation, Overflow, Rounded, Subnormal, Underflow)
_BAD_SIGNAL = ("valid values for signals are:\n"
               "  [InvalidOperation, FloatOperation, DivisionByZero,\n"
               "   Overflow, Underflow, Subnormal, Inexact, Rounded,\n"
               "   Clamped]")


class _SignalDict:
    """The flags or traps of a Context: a mapping from each signal to a bool."""

    __slots__ = ("_on",)

    def __init__(self, on=()):
        self._on = set(on)

    def _check(self, key):
        if key not in _SIGNALS:
            raise KeyError(_BAD_SIGNAL)

    def __getitem__(self, key):
        self._check(key)
        return key in self._on

    def __setitem__(self, key, value):
        self._check(key)
        if value:
            self._on.add(key)
        else:
            self._on.discard(key)

    def __iter__(self):
        return iter(_SIGNALS)

    def __len__(self):
        return len(_SIGNALS)

    def __contains__(self, key):
        return key in _SIGNALS

    def keys(self):
        return list(_SIGNALS)

    def values(self):
        return [s in self._on for s in _SIGNALS]

    def items(self):
        return [(s, s in self._on) for s in _SIGNALS]

    def copy(self):
        return {s: s in self._on for s in _SIGNALS}

    def __eq__(self, other):
        if isinstance(other, _SignalDict):
            return self._on == other._on
        return dict(self.items()) == other

    def __repr__(self):
        return "{" + ", ".join("<class 'decimal.%s'>:%s" % (s.__name__, s in self._on)
                               for s in _SIGNALS) + "}"


def _signal_set(value):
    # Flags or traps given to Context(): a list of signals or a full dict.
    if value is None:
        return None
    if isinstance(value, _SignalDict):
        return set(value._on)
    if isinstance(value, dict):
        if len(value) != len(_SIGNALS) or any(s not in value for s in _SIGNALS):
            raise KeyError("invalid signal dict")
        return {s for s in _SIGNALS if value[s]}
    if isinstance(value, (list, tuple, set, frozenset)):
        for s in value:
            if s not in _SIGNALS:
                raise KeyError(_BAD_SIGNAL)
        return set(value)
    raise TypeError("argument must be a list of signals")


def _whole_dict(value):
    # Assigning ctx.flags or ctx.traps takes a dict of every signal only.
    if not isinstance(value, (dict, _SignalDict)):
        raise TypeError("argument must be a signal dict")
    return _signal_set(value)


# --- contexts ------------------------------------------------------------

def _whole(number):
    # A context field must be an int that fits a C ssize_t.
    if not isinstance(number, int):
        raise TypeError("an integer is required")
    if not -(1 << 63) <= number < (1 << 63):
        raise OverflowError("Python int too large to convert to C ssize_t")
    return number


class Context:
    """Precision, rounding mode, exponent limits, flags and traps."""

    __slots__ = ("_prec", "_rounding", "_emin", "_emax", "_capitals", "_clamp", "_flags",
                 "_traps", "_why")

    def __init__(self, prec=None, rounding=None, Emin=None, Emax=None, capitals=None,
                 clamp=None, flags=None, traps=None):
        base = _template
        self._why = set()   # the InvalidOperation conditions behind the flag
        self._flags = _SignalDict()
        self._traps = _SignalDict()
        self.prec = base._prec if prec is None else prec
        self.rounding = base._rounding if rounding is None else rounding
        self.Emin = base._emin if Emin is None else Emin
        self.Emax = base._emax if Emax is None else Emax
        self.capitals = base._capitals if capitals is None else capitals
        self.clamp = base._clamp if clamp is None else clamp
        trapped = _signal_set(traps)
        self._traps._on = set(base._traps._on) if trapped is None else trapped
        flagged = _signal_set(flags)
        self._flags._on = set() if flagged is None else flagged

    def _set_prec(self, value):
        if not 1 <= _whole(value) <= MAX_PREC:
            raise ValueError("valid range for prec is [1, MAX_PREC]")
        self._prec = value

    def _set_rounding(self, value):
        if value not in _MODES:
            raise TypeError("valid values for rounding are:\n"
                            "  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\n"
                            "   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\n"
                            "   ROUND_05UP]")
        self._rounding = value

    def _set_emin(self, value):
        if not MIN_EMIN <= _whole(value) <= 0:
            raise ValueError("valid range for Emin is [MIN_EMIN, 0]")
        self._emin = value

    def _set_emax(self, value):
        if not 0 <= _whole(value) <= MAX_EMAX:
            raise ValueError("valid range for Emax is [0, MAX_EMAX]")
        self._emax = value

    def _set_capitals(self, value):
        if _whole(value) not in (0, 1):
            raise ValueError("valid values for capitals are 0 or 1")
        self._capitals = value

    def _set_clamp(self, value):
        if _whole(value) not in (0, 1):
            raise ValueError("valid values for clamp are 0 or 1")
        self._clamp = value

    def _set_flags(self, value):
        self._flags._on = _whole_dict(value)

    def _set_traps(self, value):
        self._traps._on = _whole_dict(value)

    prec = property(lambda self: self._prec, _set_prec)
    rounding = property(lambda self: self._rounding, _set_rounding)
    Emin = property(lambda self: self._emin, _set_emin)
    Emax = property(lambda self: self._emax, _set_emax)
    capitals = property(lambda self: self._capitals, _set_capitals)
    clamp = property(lambda self: self._clamp, _set_clamp)
    flags = property(lambda self: self._flags, _set_flags)
    traps = property(lambda self: self._traps, _set_traps)

    def Etiny(self):
        return self._emin - self._prec + 1

    def Etop(self):
        return self._emax - self._prec + 1

    def radix(self):
        return Decimal(10)

    def clear_flags(self):
        self._flags._on = set()
        self._why = set()

    def clear_traps(self):
        self._traps._on = set()

    def copy(self):
        twin = Context(self._prec, self._rounding, self._emin, self._emax,
                       self._capitals, self._clamp)
        twin._flags._on = set(self._flags._on)
        twin._why = set(self._why)
        twin._traps._on = set(self._traps._on)
        return twin

    __copy__ = copy

    def __repr__(self):
        def names(d, why):
            out = []
            for sig in _REPR_ORDER:
                if issubclass(sig, InvalidOperation):
                    if InvalidOperation in d._on and (sig in why or (sig is InvalidOperation and not why)):
                        if "InvalidOperation" not in out:
                            out.append("InvalidOperation")
                elif sig in d._on:
                    out.append(sig.__name__)
            return ", ".join(out)
        return ("Context(prec=%d, rounding=%s, Emin=%d, Emax=%d, capitals=%d, clamp=%d, "
                "flags=[%s], traps=[%s])" % (self._prec, self._rounding, self._emin, self._emax,
                                            self._capitals, self._clamp, names(self._flags, self._why),
                                            names(self._traps, {ConversionSyntax})))

    def _signal(self, *conditions):
        """Sets the flags for conditions (signal classes or the
        InvalidOperation sub-conditions) and raises if any is trapped."""
        hit = []
        for cond in conditions:
            sig = cond
            if issubclass(cond, InvalidOperation):
                sig = InvalidOperation
                self._why.add(cond)
            self._flags._on.add(sig)
            if sig in self._traps._on:
                hit.append((_SIGNALS.index(sig), cond))
        if hit:
            hit.sort(key=lambda pair: pair[0])
            first = _SIGNALS[hit[0][0]]
            raise first([cond for _, cond in hit])

    def create_decimal(self, num="0"):
        if isinstance(num, str):
            d = _parse(num, False)
            if d is None or (d._e in ("n", "N") and len(str(d._c)) > self._prec - self._clamp and d._c):
                self._signal(ConversionSyntax)
                return _make(0, 0, "n")
        else:
            d = Decimal(num)
        if d._e in ("n", "N", "F"):
            return d
        return _settle(d._s, d._c, d._e, self)

    def create_decimal_from_float(self, f):
        return self.create_decimal(Decimal.from_float(f))


def _context_method(run, arity):
    """A Context method: converts its operands (ints and Decimals only) and
    runs the operation with this context."""
    if arity == 1:
        return lambda ctx, a: run(_convert(a, True), ctx)
    return lambda ctx, a, b: run(_convert(a, True), _convert(b, True), ctx)


for _name, _run, _arity in (
        ("abs", lambda a, ctx: a.__abs__(ctx), 1),
        ("plus", lambda a, ctx: a.__pos__(ctx), 1),
        ("minus", lambda a, ctx: a.__neg__(ctx), 1),
        ("sqrt", lambda a, ctx: a.sqrt(ctx), 1),
        ("normalize", lambda a, ctx: a.normalize(ctx), 1),
        ("to_integral_value", lambda a, ctx: a.to_integral_value(context=ctx), 1),
        ("to_sci_string", lambda a, ctx: str(a), 1),
        ("to_eng_string", lambda a, ctx: a.to_eng_string(ctx), 1),
        ("add", lambda a, b, ctx: _add(a, b, ctx), 2),
        ("subtract", lambda a, b, ctx: _sub(a, b, ctx), 2),
        ("multiply", lambda a, b, ctx: _mul(a, b, ctx), 2),
        ("divide", lambda a, b, ctx: _div(a, b, ctx), 2),
        ("divide_int", lambda a, b, ctx: _divint(a, b, ctx, 0), 2),
        ("remainder", lambda a, b, ctx: _divint(a, b, ctx, 1), 2),
        ("divmod", lambda a, b, ctx: _divint(a, b, ctx), 2),
        ("power", lambda a, b, ctx: _pow(a, b, ctx), 2),
        ("quantize", lambda a, b, ctx: a.quantize(b, context=ctx), 2),
        ("compare", lambda a, b, ctx: a.compare(b, ctx), 2),
        ("max", lambda a, b, ctx: a.max(b, ctx), 2),
        ("min", lambda a, b, ctx: a.min(b, ctx), 2)):
    setattr(Context, _name, _context_method(_run, _arity))
del _name, _run, _arity


_template = None
_template = Context(28, ROUND_HALF_EVEN, -999999, 999999, 1, 0, [],
                    [DivisionByZero, Overflow, InvalidOperation])
DefaultContext = _template
BasicContext = Context(9, ROUND_HALF_UP, traps=[Clamped, DivisionByZero, InvalidOperation,
                                                Overflow, Underflow])
ExtendedContext = Context(9, ROUND_HALF_EVEN, traps=[])

_current = contextvars.ContextVar("decimal_context")


def getcontext():
    """The current thread's (or task's) context."""
    ctx = _current.get(None)
    if ctx is None:
        ctx = DefaultContext.copy()
        _current.set(ctx)
    return ctx


def setcontext(context):
    if not isinstance(context, Context):
        raise TypeError("argument must be a context")
    if context is DefaultContext or context is BasicContext or context is ExtendedContext:
        context = context.copy()
        context.clear_flags()
    _current.set(context)


class _LocalContext:
    def __init__(self, ctx):
        self._new = ctx

    def __enter__(self):
        self._saved = getcontext()
        setcontext(self._new)
        return self._new

    def __exit__(self, *exc):
        setcontext(self._saved)
        return False


_CTX_FIELDS = ("prec", "rounding", "Emin", "Emax", "capitals", "clamp", "flags", "traps")


def localcontext(ctx=None, **changes):
    """A with-block that works on a copy of ctx (or of the current context)."""
    if ctx is None:
        ctx = getcontext()
    elif not isinstance(ctx, Context):
        raise TypeError("optional argument must be a context")
    new = ctx.copy()
    for key, value in changes.items():
        if key not in _CTX_FIELDS:
            raise TypeError("'%s' is an invalid keyword argument for this function" % key)
        if key in ("flags", "traps"):
            getattr(new, "_" + key)._on = _signal_set(value)
        else:
            setattr(new, key, value)
    return _LocalContext(new)


# --- rounding ------------------------------------------------------------

def _ndigits(c):
    return len(str(c)) if c else 1


def _round_up(mode, sign, kept, cut, unit):
    """Whether dropping `cut` (0 <= cut < unit) from a number whose kept
    part is `kept` moves it away from zero under `mode`."""
    if not cut:
        return False
    if mode == ROUND_DOWN:
        return False
    if mode == ROUND_UP:
        return True
    if mode == ROUND_CEILING:
        return not sign
    if mode == ROUND_FLOOR:
        return bool(sign)
    if mode == ROUND_05UP:
        return kept % 5 == 0
    twice = 2 * cut
    if twice != unit:
        return twice > unit
    if mode == ROUND_HALF_UP:
        return True
    if mode == ROUND_HALF_DOWN:
        return False
    return kept % 2 == 1


def _chop(sign, c, k, mode):
    """Drops the k lowest digits of c, rounding: (coefficient, inexact)."""
    if k <= 0:
        return c * 10 ** -k, False
    if k > _ndigits(c) + 1:
        # everything goes and it is less than half a unit: a one-digit
        # stand-in rounds the same way
        c, k = (1 if c else 0), 2
    unit = 10 ** k
    kept, cut = divmod(c, unit)
    if _round_up(mode, sign, kept, cut, unit):
        kept += 1
    return kept, cut != 0


def _make(s, c, e):
    return Decimal((s, c, e), _RAW)


def _settle(s, c, e, ctx, mode=None):
    """The context's value for the exact number (-1)**s * c * 10**e: at most
    prec digits, exponent within the limits; signals as they occur."""
    prec, mode = ctx._prec, mode or ctx._rounding
    etiny = ctx._emin - prec + 1
    etop = ctx._emax - prec + 1 if ctx._clamp else ctx._emax
    if c == 0:
        if e < etiny:
            ctx._signal(Clamped)
            e = etiny
        elif e > etop:
            ctx._signal(Clamped)
            e = etop
        return _make(s, 0, e)
    n = _ndigits(c)
    adjusted = e + n - 1
    tiny = adjusted < ctx._emin
    low = max(e + n - prec, etiny)
    conditions = []
    if low > e:
        c, inexact = _chop(s, c, low - e, mode)
        e = low
        if _ndigits(c) > prec:
            c //= 10
            e += 1
        conditions.append(Rounded)
        if inexact:
            conditions.append(Inexact)
            if tiny:
                conditions.append(Underflow)
                if c == 0:
                    conditions.append(Clamped)
    if c and e + _ndigits(c) - 1 > ctx._emax:
        conditions = [Overflow, Inexact, Rounded]
        if mode in (ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN, ROUND_UP) or \
                (mode == ROUND_CEILING and not s) or (mode == ROUND_FLOOR and s):
            ctx._signal(*conditions)
            return _make(s, 0, "F")
        c, e = 10 ** prec - 1, ctx._emax - prec + 1
    elif ctx._clamp and c and e > etop:
        c *= 10 ** (e - etop)
        e = etop
        conditions.append(Clamped)
    if tiny:
        conditions.append(Subnormal)
    if conditions:
        ctx._signal(*conditions)
    return _make(s, c, e)


def _nan_result(a, b, ctx):
    """The NaN an operation on a and b gives, or None if neither is a NaN."""
    for x in (a, b):
        if x is not None and x._e == "N":
            ctx._signal(InvalidOperation)
            return _make(x._s, x._c, "n")
    for x in (a, b):
        if x is not None and x._e == "n":
            return x
    return None


def _invalid(ctx, cond=InvalidOperation):
    ctx._signal(cond)
    return _make(0, 0, "n")


# --- conversions ---------------------------------------------------------

def _digits_ok(text):
    return text.isdecimal()


def _parse(text, lenient):
    """A Decimal for a numeric string, or None when it is not one. lenient
    (the constructor) ignores surrounding whitespace and every underscore,
    as CPython's C module does."""
    if lenient:
        text = text.strip().replace("_", "")
    s = 0
    if text[:1] in ("+", "-"):
        s = 1 if text[0] == "-" else 0
        text = text[1:]
    low = text.lower()
    if low in ("inf", "infinity"):
        return _make(s, 0, "F")
    for word, mark in (("snan", "N"), ("nan", "n")):
        if low.startswith(word):
            payload = text[len(word):]
            if not payload:
                return _make(s, 0, mark)
            if not _digits_ok(payload):
                return None
            return _make(s, int(payload), mark)
    mantissa, e = text, 0
    for mark in ("e", "E"):
        if mark in mantissa:
            mantissa, _, power = mantissa.partition(mark)
            body = power[1:] if power[:1] in ("+", "-") else power
            if not _digits_ok(body):
                return None
            e = int(power)
            break
    whole, _, frac = mantissa.partition(".")
    if not whole and not frac:
        return None
    if (whole and not _digits_ok(whole)) or (frac and not _digits_ok(frac)):
        return None
    return _make(s, int((whole or "0") + frac), e - len(frac))


def _from_float(f):
    if math.isnan(f):
        return _make(1 if math.copysign(1.0, f) < 0 else 0, 0, "n")
    s = 1 if math.copysign(1.0, f) < 0 else 0
    if math.isinf(f):
        return _make(s, 0, "F")
    top, bottom = abs(f).as_integer_ratio()
    # bottom is 2**k, and top / 2**k == top * 5**k / 10**k
    k = bottom.bit_length() - 1
    return _make(s, top * 5 ** k, -k)


def _convert(operand, strict):
    """operand as a Decimal for arithmetic: Decimals and ints only. strict
    (Context methods) raises TypeError for anything else."""
    if isinstance(operand, Decimal):
        return operand
    if isinstance(operand, int):
        return _make(1 if operand < 0 else 0, abs(int(operand)), 0)
    if strict:
        raise TypeError("conversion from %s to Decimal is not supported" % type(operand).__name__)
    return None


class _Raw:
    pass


_RAW = _Raw()


# --- Decimal -------------------------------------------------------------

class Decimal:
    """An exact decimal number: Decimal('0.1') is one tenth. Arithmetic
    rounds to the current context's precision (getcontext().prec)."""

    __slots__ = ("_s", "_c", "_e")

    def __init__(self, value="0", context=None):
        if context is _RAW:
            self._s, self._c, self._e = value
            return
        if context is not None and not isinstance(context, Context):
            raise TypeError("optional argument must be a context")
        d = _from_any(value, context)
        self._s, self._c, self._e = d._s, d._c, d._e

    @classmethod
    def from_float(cls, f):
        if not isinstance(f, (int, float)):
            raise TypeError("argument must be int or float")
        d = _from_float(f) if isinstance(f, float) else _convert(f, True)
        return d if cls is Decimal else cls(d)

    # -- inspection
    def _special(self):
        return isinstance(self._e, str)

    def is_nan(self):
        return self._e in ("n", "N")

    def is_qnan(self):
        return self._e == "n"

    def is_snan(self):
        return self._e == "N"

    def is_infinite(self):
        return self._e == "F"

    def is_finite(self):
        return not self._special()

    def is_zero(self):
        return not self._special() and self._c == 0

    def is_signed(self):
        return self._s == 1

    def is_canonical(self):
        return True

    def _below_emin(self, context):
        # None for zeros and specials, else whether self is subnormal
        if self._special() or not self._c:
            return None
        return self.adjusted() < (context or getcontext())._emin

    is_normal = lambda self, context=None: self._below_emin(context) is False
    is_subnormal = lambda self, context=None: self._below_emin(context) is True

    def adjusted(self):
        if self._special():
            return 0
        return self._e + _ndigits(self._c) - 1

    def number_class(self, context=None) -> str:
        sign = "-" if self._s else "+"
        if self._e == "n":
            return "NaN"
        if self._e == "N":
            return "sNaN"
        if self._e == "F":
            return sign + "Infinity"
        if self._c == 0:
            return sign + "Zero"
        if self.is_subnormal(context):
            return sign + "Subnormal"
        return sign + "Normal"

    def as_tuple(self):
        if self._e == "F":
            digits = (0,)
        elif self._special() and not self._c:
            digits = ()
        else:
            digits = tuple(int(ch) for ch in str(self._c))
        return DecimalTuple(self._s, digits, self._e)

    def as_integer_ratio(self) -> tuple:
        if self._special():
            infinite = self._e == "F"
            raise (OverflowError if infinite else ValueError)(
                "cannot convert %s to integer ratio" % ("Infinity" if infinite else "NaN"))
        n, d = self._c, 1
        if self._e >= 0:
            n *= 10 ** self._e
        else:
            d = 10 ** -self._e
            common = math.gcd(n, d)
            n, d = n // common, d // common
        return (-n if self._s else n), d

    # -- text
    def __str__(self):
        return self._text(False, None)

    to_eng_string = lambda self, context=None: self._text(True, context)

    def __repr__(self):
        return "Decimal('%s')" % self

    def _text(self, eng, context):
        sign = "-" if self._s else ""
        if self._e == "F":
            return sign + "Infinity"
        if self._special():
            return sign + ("sNaN" if self._e == "N" else "NaN") + (str(self._c) if self._c else "")
        digits = str(self._c)
        n = len(digits)
        point = self._e + n          # digits before the decimal point
        if self._e <= 0 and point > -6:
            shown = point
        elif not eng:
            shown = 1
        elif self._c == 0:
            # a zero in engineering notation: the exponent goes up to a
            # multiple of three and the coefficient shows the difference
            exp3 = self._e + (-self._e) % 3
            zeros = exp3 - self._e
            return sign + "0" + ("." + "0" * zeros if zeros else "") + ("E%+d" % exp3 if exp3 else "")
        else:
            shown = (point - 1) % 3 + 1
        exponent = point - shown
        if shown <= 0:
            body = "0." + "0" * -shown + digits
        elif shown >= n:
            body = digits + "0" * (shown - n)
        else:
            body = digits[:shown] + "." + digits[shown:]
        if exponent:
            caps = (context or getcontext())._capitals if not eng else 1
            body += ("E" if caps else "e") + "%+d" % exponent
        return sign + body

    def __format__(self, spec, _locale=None):
        return _format(self, spec)

    # -- conversions to other types
    def __bool__(self):
        return self._special() or self._c != 0

    def _to_int(self, mode):
        if self._special():
            if self._e == "F":
                raise OverflowError("cannot convert Infinity to integer")
            raise ValueError("cannot convert NaN to integer")
        if self._e >= 0:
            n = self._c * 10 ** self._e
        else:
            n, _ = _chop(self._s, self._c, -self._e, mode)
        return -n if self._s else n

    def __int__(self):
        return self._to_int(ROUND_DOWN)

    __trunc__ = __int__

    def __floor__(self):
        return self._to_int(ROUND_FLOOR)

    def __ceil__(self):
        return self._to_int(ROUND_CEILING)

    def __round__(self, places=None):
        if places is None:
            return self._to_int(ROUND_HALF_EVEN)
        if not isinstance(places, int):
            raise TypeError("optional arg must be an integer")
        return self.quantize(_make(0, 1, -places))

    def __float__(self):
        if self._e == "N":
            raise ValueError("cannot convert signaling NaN to float")
        if self._e == "n":
            return -math.nan if self._s else math.nan
        return float(str(self))

    def _to_exact_int(self):
        # The value of an integral finite Decimal as an int, else None.
        if self._special():
            return None
        if self._e >= 0:
            if self._e > 20 and self._c:
                return None
            q = self._c * 10 ** self._e
        else:
            q, r = divmod(self._c, 10 ** -self._e)
            if r:
                return None
        return -q if self._s else q

    def __index__(self):
        raise TypeError("'decimal.Decimal' object cannot be interpreted as an integer")

    real = property(lambda self: self)
    imag = property(lambda self: Decimal(0))

    def conjugate(self):
        return self

    def __copy__(self):
        return self

    def __deepcopy__(self, _memo):
        return self

    def __reduce__(self):
        return (type(self), (str(self),))

    # -- hashing and comparing
    def __hash__(self):
        if self._e == "N":
            raise TypeError("Cannot hash a signaling NaN value")
        if self._e == "n":
            return id(self) >> 4
        if self._e == "F":
            return -314159 if self._s else 314159
        if self._e >= 0:
            h = self._c * pow(10, self._e, _HASH_MOD) % _HASH_MOD
        else:
            h = self._c * pow(_TENTH, -self._e, _HASH_MOD) % _HASH_MOD
        if self._s:
            h = -h
        return -2 if h == -1 else h

    def _other(self, rhs, ordering):
        """rhs as a Decimal for comparing (exact), None for NotImplemented;
        Fraction operands come back unchanged."""
        if isinstance(rhs, (Decimal, int)):
            return _convert(rhs, False)
        if isinstance(rhs, float):
            ctx = getcontext()
            if ordering:
                ctx._signal(FloatOperation)
            else:
                ctx._flags._on.add(FloatOperation)
            return _from_float(rhs)
        if type(rhs).__name__ == "Fraction" and hasattr(rhs, "denominator"):
            return rhs
        return None

    def _order(self, other, ordering):
        """-1, 0 or 1; None when unordered (a NaN) or other is foreign."""
        b = self._other(other, ordering)
        if b is None:
            return NotImplemented
        if not isinstance(b, Decimal):
            if self._special():
                if self.is_nan():
                    return None
                return 1 if not self._s else -1
            n, d = self.as_integer_ratio()
            left, right = n * b.denominator, b.numerator * d
            return (left > right) - (left < right)
        if self.is_nan() or b.is_nan():
            if ordering or self._e == "N" or b._e == "N":
                getcontext()._signal(InvalidOperation)
            return None
        return _cmp(self, b)

    def __eq__(self, other):
        r = self._order(other, False)
        return r if r is NotImplemented else r == 0

    def __lt__(self, other):
        r = self._order(other, True)
        return r if r is NotImplemented else (r is not None and r < 0)

    def __le__(self, other):
        r = self._order(other, True)
        return r if r is NotImplemented else (r is not None and r <= 0)

    def __gt__(self, other):
        r = self._order(other, True)
        return r if r is NotImplemented else (r is not None and r > 0)

    def __ge__(self, other):
        r = self._order(other, True)
        return r if r is NotImplemented else (r is not None and r >= 0)

    def compare(self, other, context=None) -> "Decimal":
        ctx = context or getcontext()
        b = _convert(other, True)
        nan = _nan_result(self, b, ctx)
        if nan is not None:
            return nan
        return Decimal(_cmp(self, b))

    def _pick(self, other, context, bigger):
        ctx = context or getcontext()
        b = _convert(other, True)
        if self._e == "N" or b._e == "N":
            return _nan_result(self, b, ctx)
        if self.is_nan() or b.is_nan():
            # a quiet NaN loses to a number
            choice = b if self.is_nan() and not b.is_nan() else self
        else:
            # equal values are told apart by sign, then by exponent
            order = _cmp(self, b) or _cmp_repr(self, b)
            choice = self if (order >= 0) == bigger else b
        if choice._special():
            return choice
        return _settle(choice._s, choice._c, choice._e, ctx)

    max = lambda self, other, context=None: self._pick(other, context, True)
    min = lambda self, other, context=None: self._pick(other, context, False)

    # -- simple sign and copy operations
    def copy_abs(self):
        return _make(0, self._c, self._e)

    def copy_negate(self):
        return _make(1 - self._s, self._c, self._e)

    copy_sign = lambda self, other, context=None: _make(_convert(other, True)._s, self._c, self._e)

    def same_quantum(self, other, context=None) -> bool:
        b = _convert(other, True)
        if self._special() or b._special():
            return (self.is_nan() and b.is_nan()) or (self._e == "F" and b._e == "F")
        return self._e == b._e

    __neg__ = lambda self, context=None: self._unary(1 - self._s, context)
    __pos__ = lambda self, context=None: self._unary(self._s, context)
    __abs__ = lambda self, context=None: self._unary(0, context)

    def _unary(self, sign, context):
        ctx = context or getcontext()
        if self._special():
            nan = _nan_result(self, None, ctx)
            return nan if nan is not None else _make(sign, 0, "F")
        if self._c == 0 and ctx._rounding != ROUND_FLOOR:
            sign = 0
        return _settle(sign, self._c, self._e, ctx)

    # -- arithmetic operators
    def _binary(op, swap=False):
        def method(self, other):
            b = _convert(other, False)
            if b is None:
                return NotImplemented
            return op(b, self, getcontext()) if swap else op(self, b, getcontext())
        return method

    __add__ = _binary(lambda a, b, ctx: _add(a, b, ctx))
    __radd__ = _binary(lambda a, b, ctx: _add(a, b, ctx), True)
    __sub__ = _binary(lambda a, b, ctx: _sub(a, b, ctx))
    __rsub__ = _binary(lambda a, b, ctx: _sub(a, b, ctx), True)
    __mul__ = _binary(lambda a, b, ctx: _mul(a, b, ctx))
    __rmul__ = _binary(lambda a, b, ctx: _mul(a, b, ctx), True)
    __truediv__ = _binary(lambda a, b, ctx: _div(a, b, ctx))
    __rtruediv__ = _binary(lambda a, b, ctx: _div(a, b, ctx), True)
    __floordiv__ = _binary(lambda a, b, ctx: _divint(a, b, ctx, 0))
    __rfloordiv__ = _binary(lambda a, b, ctx: _divint(a, b, ctx, 0), True)
    __mod__ = _binary(lambda a, b, ctx: _divint(a, b, ctx, 1))
    __rmod__ = _binary(lambda a, b, ctx: _divint(a, b, ctx, 1), True)
    __divmod__ = _binary(lambda a, b, ctx: _divint(a, b, ctx))
    __rdivmod__ = _binary(lambda a, b, ctx: _divint(a, b, ctx), True)
    __rpow__ = _binary(lambda a, b, ctx: _pow(a, b, ctx), True)
    del _binary

    def __pow__(self, other, modulo=None):
        if modulo is not None:
            raise NotImplementedError("pow() with a modulus is not supported for Decimal in Looplab")
        b = _convert(other, False)
        if b is None:
            return NotImplemented
        return _pow(self, b, getcontext())

    # -- rounding to an exponent
    def quantize(self, exp, rounding=None, context=None) -> "Decimal":
        ctx = context or getcontext()
        if rounding is not None and rounding not in _MODES:
            ctx._set_rounding(rounding)
        if context is not None and not isinstance(context, Context):
            raise TypeError("optional argument must be a context")
        b = _convert(exp, True)
        nan = _nan_result(self, b, ctx)
        if nan is not None:
            return nan
        if self._e == "F" or b._e == "F":
            if self._e == "F" and b._e == "F":
                return self
            return _invalid(ctx)
        target = b._e
        if not ctx.Etiny() <= target <= ctx._emax:
            return _invalid(ctx)
        if self._c and self.adjusted() - target >= ctx._prec:
            return _invalid(ctx)
        c, inexact = _chop(self._s, self._c, target - self._e, rounding or ctx._rounding)
        if _ndigits(c) > ctx._prec or (c and target + _ndigits(c) - 1 > ctx._emax):
            return _invalid(ctx)
        conditions = []
        if ctx._clamp and target > ctx.Etop():
            # clamping: the exponent comes down to Etop, the coefficient
            # gets the zeros
            c *= 10 ** (target - ctx.Etop())
            target = ctx.Etop()
            conditions.append(Clamped)
        if target > self._e and self._c:
            conditions.append(Rounded)
            if inexact:
                conditions.append(Inexact)
        if c and target + _ndigits(c) - 1 < ctx._emin:
            conditions.append(Subnormal)
        if conditions:
            ctx._signal(*conditions)
        return _make(self._s, c, target)

    def _integral(self, rounding, context, exact):
        ctx = context or getcontext()
        if self._special():
            nan = _nan_result(self, None, ctx)
            return nan if nan is not None else self
        if self._e >= 0:
            return self
        if rounding is not None and rounding not in _MODES:
            ctx._set_rounding(rounding)
        c, inexact = _chop(self._s, self._c, -self._e, rounding or ctx._rounding)
        if exact:
            ctx._signal(*([Rounded, Inexact] if inexact else [Rounded]))
        return _make(self._s, c, 0)

    to_integral_value = lambda self, rounding=None, context=None: self._integral(rounding, context, False)
    to_integral_exact = lambda self, rounding=None, context=None: self._integral(rounding, context, True)
    to_integral = to_integral_value

    def normalize(self, context=None) -> "Decimal":
        ctx = context or getcontext()
        if self._special():
            nan = _nan_result(self, None, ctx)
            return nan if nan is not None else self
        d = _settle(self._s, self._c, self._e, ctx)
        if d._special():
            return d
        if d._c == 0:
            return _make(d._s, 0, 0)
        c, e = d._c, d._e
        top = ctx.Etop() if ctx._clamp else ctx._emax
        while c % 10 == 0 and e < top:
            c //= 10
            e += 1
        return _make(d._s, c, e)

    def sqrt(self, context=None) -> "Decimal":
        ctx = context or getcontext()
        if context is not None and not isinstance(context, Context):
            raise TypeError("optional argument must be a context")
        if self._special():
            nan = _nan_result(self, None, ctx)
            if nan is not None:
                return nan
            return self if not self._s else _invalid(ctx)
        ideal = self._e // 2
        if self._c == 0:
            return _settle(self._s, 0, ideal, ctx)
        if self._s:
            return _invalid(ctx)
        c, e = self._c, self._e
        if e % 2:
            c, e = c * 10, e - 1
        # widen c so its root has at least prec + 1 digits
        extra = max(0, ctx._prec + 1 - (_ndigits(c) + 1) // 2)
        c, e = c * 100 ** extra, e - 2 * extra
        root = math.isqrt(c)
        e //= 2
        if root * root != c:
            root, e = root * 10 + 1, e - 1
        else:
            while e < ideal and root % 10 == 0:
                root, e = root // 10, e + 1
        return _settle(0, root, e, ctx, ROUND_HALF_EVEN)

    next_plus = lambda self, context=None: self._step(context, 0)
    next_minus = lambda self, context=None: self._step(context, 1)

    def _step(self, context, down):
        # The neighbour of self at the context's precision: round self
        # moved by much less than one unit, toward +Infinity or -Infinity.
        if self._e == "N":
            return _nan_result(self, None, context or getcontext())
        ctx = (context or getcontext()).copy()
        ctx.clear_traps()
        if self._special():
            if self._e == "F" and self._s != down:
                return _make(self._s, 10 ** ctx._prec - 1, ctx.Etop())
            return self
        if self._c == 0:
            return _make(down, 1, ctx.Etiny())
        place = min(self._e, max(self.adjusted() - ctx._prec + 1, ctx.Etiny())) - 2
        nudge = _make(down, 1, place)
        return _settle(*_raw_sum(self, nudge, ctx), ctx, ROUND_FLOOR if down else ROUND_CEILING)


_HASH_MOD = (1 << 61) - 1
_TENTH = pow(10, _HASH_MOD - 2, _HASH_MOD)


def _from_any(source, context):
    # What Decimal(source) holds, exactly (no rounding).
    if isinstance(source, str):
        d = _parse(source, True)
        if d is None:
            (context or getcontext())._signal(ConversionSyntax)
            d = _make(0, 0, "n")
        return d
    if isinstance(source, (Decimal, int)):
        return _convert(source, True)
    if isinstance(source, float):
        (context or getcontext())._signal(FloatOperation)
        return _from_float(source)
    if isinstance(source, (tuple, list)):
        return _from_tuple(source)
    raise TypeError("conversion from %s to Decimal is not supported" % type(source).__name__)


def _from_tuple(value):
    if len(value) != 3:
        raise ValueError("argument must be a sequence of length 3")
    sign, digits, exp = value
    if sign not in (0, 1) or not isinstance(sign, int):
        raise ValueError("sign must be an integer with the value 0 or 1")
    if isinstance(exp, str):
        if exp not in ("F", "n", "N"):
            raise ValueError("string argument in the third position must be 'F', 'n' or 'N'")
    elif not isinstance(exp, int):
        raise ValueError("exponent must be an integer")
    if not isinstance(digits, (tuple, list)):
        raise ValueError("coefficient must be a tuple of digits")
    c = 0
    for digit in digits:
        if not isinstance(digit, int) or not 0 <= digit <= 9:
            raise ValueError("coefficient must be a tuple of digits")
        c = c * 10 + digit
    return _make(sign, 0 if exp == "F" else c, exp)


def _cmp(a, b):
    """Compares two non-NaN Decimals: -1, 0 or 1."""
    if a._e == "F" or b._e == "F":
        x = 0 if a._e != "F" else (-1 if a._s else 1)
        y = 0 if b._e != "F" else (-1 if b._s else 1)
        if x == y:
            return 0
        if x or y:
            return 1 if x > y else -1
    if a._c == 0 and b._c == 0:
        return 0
    if a._c == 0:
        return 1 if b._s else -1
    if b._c == 0:
        return -1 if a._s else 1
    if a._s != b._s:
        return -1 if a._s else 1
    flip = -1 if a._s else 1
    if a.adjusted() != b.adjusted():
        return flip if a.adjusted() > b.adjusted() else -flip
    low = min(a._e, b._e)
    x, y = a._c * 10 ** (a._e - low), b._c * 10 ** (b._e - low)
    return 0 if x == y else (flip if x > y else -flip)


def _cmp_repr(a, b):
    # Orders equal values for max/min: positive beats negative, and for
    # positive numbers the larger exponent wins.
    if a._s != b._s:
        return -1 if a._s else 1
    if a._e == b._e:
        return 0
    bigger = 1 if a._e > b._e else -1
    return -bigger if a._s else bigger


def _raw_sum(a, b, ctx):
    """The exact sum of two finite Decimals as (sign, coefficient, exponent)."""
    # Make the operand far below the other's last digit a one-digit stand-in:
    # the sum's rounding only needs to know that it is there.
    for big, small in ((a, b), (b, a)):
        if big._c and small._c:
            floor = min(big._e, big.adjusted() - ctx._prec - 4)
            if small.adjusted() < floor - 1 and small._e < big._e:
                small = _make(small._s, 1, floor - 2)
                if big is a:
                    b = small
                else:
                    a = small
            break
    low = min(a._e, b._e)
    x = a._c * 10 ** (a._e - low)
    y = b._c * 10 ** (b._e - low)
    total = (-x if a._s else x) + (-y if b._s else y)
    return (1 if total < 0 else 0), abs(total), low


def _add(a, b, ctx):
    if a._special() or b._special():
        nan = _nan_result(a, b, ctx)
        if nan is not None:
            return nan
        if a._e == "F" and b._e == "F" and a._s != b._s:
            return _invalid(ctx)
        return _make((a if a._e == "F" else b)._s, 0, "F")
    if a._c == 0 and b._c == 0:
        s = a._s & b._s if ctx._rounding != ROUND_FLOOR else a._s | b._s
        return _settle(s, 0, min(a._e, b._e), ctx)
    if a._c == 0 or b._c == 0:
        # a zero only lowers the exponent, and not below what prec can show
        zero, other = (a, b) if a._c == 0 else (b, a)
        e = max(zero._e, other._e - max(0, ctx._prec - _ndigits(other._c)))
        e = min(e, other._e)
        return _settle(other._s, other._c * 10 ** (other._e - e), e, ctx)
    s, c, e = _raw_sum(a, b, ctx)
    if c == 0:
        s = 1 if ctx._rounding == ROUND_FLOOR else 0
    return _settle(s, c, e, ctx)


def _sub(a, b, ctx):
    # a - b is a + (-b), but a NaN keeps its sign
    return _add(a, b if b.is_nan() else b.copy_negate(), ctx)


def _mul(a, b, ctx):
    s = a._s ^ b._s
    if a._special() or b._special():
        nan = _nan_result(a, b, ctx)
        if nan is not None:
            return nan
        if (a._e != "F" and a._c == 0) or (b._e != "F" and b._c == 0):
            return _invalid(ctx)
        return _make(s, 0, "F")
    return _settle(s, a._c * b._c, a._e + b._e, ctx)


def _div(a, b, ctx):
    s = a._s ^ b._s
    if a._special() or b._special():
        nan = _nan_result(a, b, ctx)
        if nan is not None:
            return nan
        if a._e == "F" and b._e == "F":
            return _invalid(ctx)
        if a._e == "F":
            return _make(s, 0, "F")
        ctx._signal(Clamped)
        return _make(s, 0, ctx.Etiny())
    if b._c == 0:
        if a._c == 0:
            return _invalid(ctx, DivisionUndefined)
        ctx._signal(DivisionByZero)
        return _make(s, 0, "F")
    ideal = a._e - b._e
    if a._c == 0:
        return _settle(s, 0, ideal, ctx)
    shift = max(0, ctx._prec + _ndigits(b._c) - _ndigits(a._c) + 1)
    q, r = divmod(a._c * 10 ** shift, b._c)
    e = ideal - shift
    if r:
        q, e = q * 10 + 1, e - 1
    else:
        while e < ideal and q % 10 == 0:
            q, e = q // 10, e + 1
    return _settle(s, q, e, ctx)


def _divint(a, b, ctx, part=None):
    """a // b and a % b (truncating toward zero, as the spec's
    divide-integer and remainder do); part picks one, None gives both."""
    s = a._s ^ b._s
    both = None
    if a._special() or b._special():
        nan = _nan_result(a, b, ctx)
        if nan is not None:
            both = (nan, nan)
        elif a._e == "F" and b._e == "F":
            nan = _invalid(ctx)
            both = (nan, nan)
        elif a._e == "F":
            # Infinity // x is an infinity; only the remainder is invalid
            if part != 0:
                ctx._signal(InvalidOperation)
            both = (_make(s, 0, "F"), _make(0, 0, "n"))
        else:
            both = (_make(s, 0, 0), _settle(a._s, a._c, a._e, ctx))
    elif b._c == 0:
        if a._c == 0:
            nan = _invalid(ctx, DivisionUndefined)
            both = (nan, nan)
        elif part == 1:
            both = (None, _invalid(ctx))
        elif part == 0:
            ctx._signal(DivisionByZero)
            both = (_make(s, 0, "F"), None)
        else:
            ctx._signal(InvalidOperation, DivisionByZero)
            both = (_make(s, 0, "F"), _make(0, 0, "n"))
    if both is None:
        low = min(a._e, b._e)
        if a._c and a.adjusted() - b.adjusted() > ctx._prec:
            nan = _invalid(ctx, DivisionImpossible)
            both = (nan, nan)
        elif a._c == 0 or a.adjusted() < b.adjusted() - 1:
            both = (_settle(s, 0, 0, ctx), _settle(a._s, a._c * 10 ** (a._e - low), low, ctx))
        else:
            q, r = divmod(a._c * 10 ** (a._e - low), b._c * 10 ** (b._e - low))
            if _ndigits(q) > ctx._prec:
                nan = _invalid(ctx, DivisionImpossible)
                both = (nan, nan)
            else:
                both = (_settle(s, q, 0, ctx), _settle(a._s, r, low, ctx))
    return both if part is None else both[part]


def _pow(a, b, ctx):
    if a._special() or b._special():
        nan = _nan_result(a, b, ctx)
        if nan is not None:
            return nan
    if b._e == "F":
        # |a| < 1, == 1 or > 1 decides between 0, 1 (inexact) and Infinity
        if a._s and a._c:
            return _invalid(ctx)
        size = _cmp(a.copy_abs(), Decimal(1))
        if size == 0:
            ctx._signal(Inexact, Rounded)
            return _settle(0, 10 ** (ctx._prec - 1), 1 - ctx._prec, ctx)
        grow = (size > 0) != bool(b._s)
        return _make(0, 0, "F") if grow else _make(0, 0, 0)
    n = b._to_exact_int()
    if n is None:
        if a._s and (a._e == "F" or a._c):
            return _invalid(ctx)
        raise NotImplementedError("Decimal powers with a non-integer exponent are not supported in Looplab")
    s = a._s if n % 2 else 0
    if a._e == "F":
        return _make(s, 0, "F") if n > 0 else (_make(s, 0, 0) if n < 0 else Decimal(1))
    if a._c == 0:
        if n == 0:
            return _invalid(ctx)
        return _make(s, 0, 0) if n > 0 else _make(s, 0, "F")
    if n == 0:
        return Decimal(1)
    m = abs(n)
    digits = _ndigits(a._c)
    core = a._c
    while core % 10 == 0:
        core //= 10
    if core == 1 and digits * m > 4000:
        # a power of ten: only the exponent grows; keep as many of the
        # trailing zeros as the precision shows
        zeros = (digits - 1) * m
        keep = min(zeros, ctx._prec - 1)
        if keep < zeros:
            ctx._signal(Rounded)
        power = _make(0, 10 ** keep, (a._e + digits - 1) * m - keep)
        if n > 0:
            return _settle(s, power._c, power._e, ctx)
        return _div(Decimal(1 - 2 * s), power, ctx)
    if digits * m <= 4000:
        exact = _make(s, a._c ** m, a._e * m)
        if n > 0:
            return _settle(s, exact._c, exact._e, ctx)
        return _div(Decimal(1 - 2 * s), _make(0, exact._c, exact._e), ctx)
    return _pow_approx(a, n, s, ctx)


def _pow_approx(a, n, s, ctx):
    # Square-and-multiply at a wider working precision; the final rounding
    # happens once, at the context's precision.
    work = ctx.copy()
    work.prec = ctx._prec + len(str(abs(n))) + 10
    work._emax, work._emin = MAX_EMAX, MIN_EMIN
    work.clear_traps()
    work.clear_flags()
    base = _make(0, a._c, a._e)
    result = Decimal(1)
    m = abs(n)
    while m:
        if m & 1:
            result = _mul(result, base, work)
        m >>= 1
        if m:
            base = _mul(base, base, work)
    if n < 0:
        result = _div(Decimal(1), result, work)
    inexact = Inexact in work._flags._on
    c, e = result._c, result._e
    if inexact:
        c, e = c * 10 + 1, e - 1
    return _settle(s, c, e, ctx)




# --- format() ------------------------------------------------------------

def _parse_spec(spec):
    """[[fill]align][sign][z][#][0][width][,|_][.precision][type] as a dict,
    or None when spec is not one of these."""
    out = {"fill": " ", "align": None, "sign": "-", "z": False, "zero": False,
           "width": 0, "group": "", "prec": None, "type": None}
    i = 0
    if len(spec) >= 2 and spec[1] in "<>^=":
        out["fill"], out["align"], i = spec[0], spec[1], 2
    elif spec[:1] in ("<", ">", "^", "="):
        out["align"], i = spec[0], 1
    if spec[i:i + 1] in ("+", "-", " "):
        out["sign"], i = spec[i], i + 1
    if spec[i:i + 1] == "z":
        out["z"], i = True, i + 1
    if spec[i:i + 1] == "0":
        if out["align"] is not None or spec[i + 1:i + 2] == "0":
            return None
        out["zero"], i = True, i + 1
    start = i
    while spec[i:i + 1].isdigit():
        i += 1
    if i > start:
        out["width"] = int(spec[start:i])
    if spec[i:i + 1] == ",":
        out["group"], i = spec[i], i + 1
    if spec[i:i + 1] == ".":
        start = i = i + 1
        while spec[i:i + 1].isdigit():
            i += 1
        if i == start:
            return None
        out["prec"] = int(spec[start:i])
    rest = spec[i:]
    if rest:
        if len(rest) != 1 or rest not in "eEfFgGn%":
            return None
        out["type"] = rest
    if out["type"] == "n" and out["group"]:
        return None
    return out


def _format(d, spec):
    f = _parse_spec(spec)
    if f is None:
        raise ValueError("invalid format string")
    kind, prec = f["type"], f["prec"]
    ctx = getcontext()
    sign = d._s
    if d._special():
        body = "Infinity" if d._e == "F" else ("sNaN" if d._e == "N" else "NaN") + (str(d._c) if d._c else "")
        if kind == "%":
            body += "%"
        return _pad(sign, body, "", f)
    c, e = d._c, d._e
    digits = str(c)
    if kind == "%":
        e += 2
    mode = ctx._rounding
    if prec is not None:
        if kind in ("e", "E"):
            keep = prec + 1
            digits, e = _to_digits(sign, c, e, keep, mode, True)
        elif kind in ("f", "F", "%"):
            c, _ = _chop(sign, c, -prec - e, mode)
            digits, e = str(c), -prec
        else:
            keep = max(prec, 1)
            digits, e = _to_digits(sign, c, e, keep, mode, False)
    c = int(digits)
    if c == 0 and f["z"]:
        sign = 0
    point_at = e + len(digits)
    if kind in ("e", "E"):
        dot = 1
    elif kind in ("f", "F", "%"):
        dot = point_at
    else:
        dot = point_at if (e <= 0 and point_at > -6) else 1
    if f["zero"]:
        f["fill"], f["align"] = "0", "="
    if dot <= 0:
        whole, frac = "0", "0" * -dot + digits
    elif dot >= len(digits):
        whole, frac = digits + "0" * (dot - len(digits)), ""
    else:
        whole, frac = digits[:dot], digits[dot:]
    exponent = point_at - dot
    if c == 0 and whole != "0" and kind in ("f", "F", "%"):
        whole = "0"
    tail = "." + frac if frac else ""
    if kind in ("e", "E") or (kind not in ("f", "F", "%") and exponent):
        if kind in ("E", "G") or (kind is None and ctx._capitals):
            mark = "E"
        else:
            mark = "e"
        tail += mark + "%+d" % exponent
    if kind == "%":
        tail += "%"
    return _pad(sign, whole, tail, f)


def _to_digits(sign, c, e, keep, mode, pad):
    # c * 10**e rounded (or, with pad, also widened) to keep digits; a zero
    # keeps its exponent and shows keep zeros.
    if pad and not c:
        return "0" * keep, e
    n = _ndigits(c)
    if n > keep:
        c, _ = _chop(sign, c, n - keep, mode)
        e += n - keep
        if _ndigits(c) > keep:
            c, e = c // 10, e + 1
    elif pad:
        c, e = c * 10 ** (keep - n), e - (keep - n)
    return str(c), e


def _group(digits, sep):
    parts = []
    while len(digits) > 3:
        parts.append(digits[-3:])
        digits = digits[:-3]
    parts.append(digits)
    return sep.join(reversed(parts))


def _pad(sign, whole, tail, f):
    lead = "-" if sign else ("" if f["sign"] == "-" else f["sign"])
    if f["group"] and whole[:1].isdigit():
        if f["zero"]:
            while len(lead) + len(_group(whole, f["group"])) + len(tail) < f["width"]:
                whole = "0" + whole
        whole = _group(whole, f["group"])
    body = whole + tail
    gap = f["width"] - len(lead) - len(body)
    if gap <= 0:
        return lead + body
    fill, align = f["fill"], f["align"] or ">"
    if align == "<":
        return lead + body + fill * gap
    if align == "^":
        return fill * (gap // 2) + lead + body + fill * (gap - gap // 2)
    if align == "=":
        return lead + fill * gap + body
    return fill * gap + lead + body

"""Exact rational numbers for Looplab: `Fraction` keeps a numerator and a
positive denominator in lowest terms (reduced with math.gcd). Mixing with
int or Fraction stays exact; mixing with a float gives a float, as CPython's fractions module does."""

import math
import operator

__all__ = ["Fraction"]

# Hashes follow CPython's numeric hash (modulo the Mersenne prime 2**61 - 1)
# so a Fraction equal to an int or a float hashes like it.
_MODULUS = (1 << 61) - 1
_INF_HASH = 314159


def _digit_run(text):
    # Digits with single underscores between them, or None.
    if not text or text[0] == "_" or text[-1] == "_" or "__" in text:
        return None
    if not text.replace("_", "").isdigit():
        return None
    return int(text)


def _from_literal(text):
    """(numerator, denominator) for a string such as '-3/4', '1.5e3'."""
    body = text.strip()
    negative = body[:1] == "-"
    if body[:1] in ("+", "-"):
        body = body[1:]
    if "/" in body:
        top, _, bottom = body.partition("/")
        n, d = _digit_run(top), _digit_run(bottom)
        if n is None or d is None:
            return None
    else:
        power = 0
        for mark in ("e", "E"):
            if mark in body:
                body, _, tail = body.partition(mark)
                tail_sign = -1 if tail[:1] == "-" else 1
                if tail[:1] in ("+", "-"):
                    tail = tail[1:]
                p = _digit_run(tail)
                if p is None:
                    return None
                power = tail_sign * p
                break
        whole, dot, frac = body.partition(".")
        if not whole and not frac:
            return None
        n = _digit_run(whole) if whole else 0
        f = _digit_run(frac) if frac else 0
        if n is None or f is None:
            return None
        if frac:
            n = n * 10 ** len(frac.replace("_", "")) + f
            power -= len(frac.replace("_", ""))
        d = 1
        if power >= 0:
            n *= 10 ** power
        else:
            d = 10 ** -power
    return (-n if negative else n), d


def _ratio_of(value):
    # An exact (numerator, denominator) for int or Fraction, else None.
    if isinstance(value, Fraction):
        return value._num, value._den
    if isinstance(value, int):
        return int(value), 1
    return None


class Fraction:
    """A rational number num/den. Fraction(3, 6) == Fraction(1, 2); also
    Fraction('0.25'), Fraction(1.5), Fraction(Decimal('1.1'))."""

    def __init__(self, numerator=0, denominator=None):
        reduce = True
        if denominator is None:
            pair = _ratio_of(numerator)
            if pair is not None:
                reduce = not isinstance(numerator, Fraction)
            elif isinstance(numerator, str):
                pair = _from_literal(numerator)
                if pair is None:
                    raise ValueError("Invalid literal for Fraction: %r" % numerator)
            elif isinstance(numerator, float) or _is_decimal(numerator):
                pair = numerator.as_integer_ratio()
                reduce = False
            else:
                raise TypeError("argument should be a string or a Rational instance")
            n, d = pair
        else:
            top, bottom = _ratio_of(numerator), _ratio_of(denominator)
            if top is None or bottom is None:
                raise TypeError("both arguments should be Rational instances")
            n, d = top[0] * bottom[1], top[1] * bottom[0]
        if reduce:
            if d == 0:
                raise ZeroDivisionError("Fraction(%s, 0)" % n)
            common = math.gcd(n, d)
            if d < 0:
                common = -common
            n, d = n // common, d // common
        self._num = n
        self._den = d

    @classmethod
    def from_float(cls, f):
        if isinstance(f, int):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError("%s.from_float() only takes floats, not %r (%s)"
                            % (cls.__name__, f, type(f).__name__))
        return cls(f)

    @classmethod
    def from_decimal(cls, dec):
        if isinstance(dec, int):
            return cls(dec)
        if not _is_decimal(dec):
            raise TypeError("%s.from_decimal() only takes Decimals, not %r (%s)"
                            % (cls.__name__, dec, type(dec).__name__))
        return cls(dec)

    numerator = property(lambda self: self._num)
    denominator = property(lambda self: self._den)
    real = property(lambda self: +self)
    imag = property(lambda self: 0)

    def conjugate(self):
        return +self

    def as_integer_ratio(self):
        return self._num, self._den

    def limit_denominator(self, max_denominator=1000000):
        """The closest Fraction whose denominator is at most max_denominator."""
        if max_denominator < 1:
            raise ValueError("max_denominator should be at least 1")
        if self._den <= max_denominator:
            return Fraction(self)
        # Walk the continued-fraction convergents lo/hi of self until the
        # next denominator would be too big, then compare the best
        # semiconvergent with the last convergent.
        p_prev, q_prev, p_last, q_last = 0, 1, 1, 0
        top, bottom = self._num, self._den
        while True:
            step = top // bottom
            q_next = q_prev + step * q_last
            if q_next > max_denominator:
                break
            p_prev, q_prev, p_last, q_last = p_last, q_last, p_prev + step * p_last, q_next
            top, bottom = bottom, top - step * bottom
        k = (max_denominator - q_prev) // q_last
        semi = Fraction(p_prev + k * p_last, q_prev + k * q_last)
        last = Fraction(p_last, q_last)
        if abs(last - self) <= abs(semi - self):
            return last
        return semi

    def __repr__(self):
        return "%s(%s, %s)" % (type(self).__name__, self._num, self._den)

    def __str__(self):
        if self._den == 1:
            return str(self._num)
        return "%s/%s" % (self._num, self._den)

    def __format__(self, spec):
        if spec:
            raise TypeError("unsupported format string passed to Fraction.__format__")
        return str(self)

    # Arithmetic: each exact rule takes two (num, den) pairs; float
    # operands go through the matching operator on converted values.
    def _operators(exact, inexact):
        def forward(a, b):
            pair = _ratio_of(b)
            if pair is not None:
                return exact((a._num, a._den), pair)
            if isinstance(b, float):
                return inexact(type(b)(a), b)
            return NotImplemented

        def backward(b, a):
            pair = _ratio_of(a)
            if pair is not None:
                return exact(pair, (b._num, b._den))
            if isinstance(a, float):
                return inexact(a, type(a)(b))
            return NotImplemented

        return forward, backward

    def _add(x, y):
        return Fraction(x[0] * y[1] + y[0] * x[1], x[1] * y[1])

    def _sub(x, y):
        return Fraction(x[0] * y[1] - y[0] * x[1], x[1] * y[1])

    def _mul(x, y):
        return Fraction(x[0] * y[0], x[1] * y[1])

    def _div(x, y):
        if not y[0]:
            # CPython cancels common factors first, so this is the message
            raise ZeroDivisionError("Fraction(%s, 0)" % (((x[0] > 0) - (x[0] < 0)) * y[1]))
        return Fraction(x[0] * y[1], x[1] * y[0])

    def _floordiv(x, y):
        return (x[0] * y[1]) // (x[1] * y[0])

    def _mod(x, y):
        return Fraction((x[0] * y[1]) % (y[0] * x[1]), x[1] * y[1])

    def _divmod(x, y):
        q, r = divmod(x[0] * y[1], x[1] * y[0])
        return q, Fraction(r, x[1] * y[1])

    __add__, __radd__ = _operators(_add, operator.add)
    __sub__, __rsub__ = _operators(_sub, operator.sub)
    __mul__, __rmul__ = _operators(_mul, operator.mul)
    __truediv__, __rtruediv__ = _operators(_div, operator.truediv)
    __floordiv__, __rfloordiv__ = _operators(_floordiv, operator.floordiv)
    __mod__, __rmod__ = _operators(_mod, operator.mod)
    __divmod__, __rdivmod__ = _operators(_divmod, divmod)
    del _operators, _add, _sub, _mul, _div, _floordiv, _mod, _divmod

    def __pow__(self, other):
        if isinstance(other, Fraction) and other._den == 1:
            other = other._num
        if isinstance(other, int):
            n, d = self._num, self._den
            if other < 0:
                if n == 0:
                    raise ZeroDivisionError("Fraction(%s, 0)" % (d ** -other))
                n, d, other = d, n, -other
                if d < 0:
                    n, d = -n, -d
            return Fraction(n ** other, d ** other)
        if isinstance(other, float):
            return float(self) ** other
        if isinstance(other, Fraction):
            return float(self) ** float(other)
        return NotImplemented

    def __rpow__(self, base):
        if self._den == 1 and self._num >= 0 and isinstance(base, int):
            return base ** self._num
        if isinstance(base, int):
            if self._den == 1:
                return Fraction(base) ** self._num
            return base ** float(self)
        if isinstance(base, float):
            return base ** float(self)
        return NotImplemented

    def __pos__(self):
        return Fraction(self._num, self._den)

    def __neg__(self):
        return Fraction(-self._num, self._den)

    def __abs__(self):
        return Fraction(abs(self._num), self._den)

    def __int__(self):
        if self._num < 0:
            return -(-self._num // self._den)
        return self._num // self._den

    __trunc__ = __int__

    def __floor__(self):
        return self._num // self._den

    def __ceil__(self):
        return -(-self._num // self._den)

    def __round__(self, places=None):
        if places is None:
            low, rest = divmod(self._num, self._den)
            twice = 2 * rest
            if twice > self._den or (twice == self._den and low % 2):
                low += 1
            return low
        scale = 10 ** abs(places)
        if places > 0:
            return Fraction(round(self * scale), scale)
        return Fraction(round(self / scale) * scale)

    def __float__(self):
        return self._num / self._den

    def __bool__(self):
        return self._num != 0

    def __hash__(self):
        inverse = pow(self._den, _MODULUS - 2, _MODULUS)
        if inverse == 0:
            h = _INF_HASH
        else:
            h = abs(self._num) % _MODULUS * inverse % _MODULUS
        if self._num < 0:
            h = -h
        return -2 if h == -1 else h

    def __eq__(self, other):
        pair = _ratio_of(other)
        if pair is not None:
            return (self._num, self._den) == pair
        if isinstance(other, float):
            if not math.isfinite(other):
                return False
            return self == Fraction(other)
        return NotImplemented

    def _order(self, other, test):
        pair = _ratio_of(other)
        if pair is None and isinstance(other, float):
            if not math.isfinite(other):
                return test(0.0, other)
            pair = other.as_integer_ratio()
        if pair is None:
            return NotImplemented
        return test(self._num * pair[1], pair[0] * self._den)

    def __lt__(self, other):
        return self._order(other, operator.lt)

    def __le__(self, other):
        return self._order(other, operator.le)

    def __gt__(self, other):
        return self._order(other, operator.gt)

    def __ge__(self, other):
        return self._order(other, operator.ge)

    def __reduce__(self):
        return (type(self), (self._num, self._den))

    def __copy__(self):
        return self

    def __deepcopy__(self, _memo):
        return self


def _is_decimal(value):
    # decimal is only imported by programs that use it.
    import sys
    mod = sys.modules.get("decimal")
    return mod is not None and isinstance(value, mod.Decimal)

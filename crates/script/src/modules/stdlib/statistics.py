"""statistics: averages and spread, ported from CPython 3.11's statistics.py.

Looplab's own module, written in the Python Looplab runs: `mean`, `fmean`,
`geometric_mean`, `harmonic_mean`, `median`, `median_low`, `median_high`,
`median_grouped`, `mode`, `multimode`, `quantiles`, `variance`,
`pvariance`, `stdev`, `pstdev`, `covariance`, `correlation`,
`linear_regression` and `StatisticsError`. Sums are exact (a small
rational type stands in for `fractions.Fraction`), so results, and whether
they are `int`, `float`, `Fraction` or `Decimal`, are CPython's for `int`,
`bool`, `float`, `Fraction` and `Decimal` data.

Left out: `NormalDist`.
"""

import sys
from collections import Counter, namedtuple
from math import exp, fsum, gcd, isfinite, isqrt, log, sqrt
from bisect import bisect_left, bisect_right


def _loaded_type(module, name):
    """`module.name` if the program has imported `module` (without it, no
    value of that type can exist), else None."""
    m = sys.modules.get(module)
    return None if m is None else getattr(m, name)


def _is_fraction_type(T):
    F = _loaded_type("fractions", "Fraction")
    return F is not None and issubclass(T, F)


def _is_decimal_type(T):
    D = _loaded_type("decimal", "Decimal")
    return D is not None and issubclass(T, D)


class StatisticsError(ValueError):
    pass


class _Frac:
    """An exact ratio of two ints (denominator positive, lowest terms)."""

    def __init__(self, n, d=1):
        if d < 0:
            n, d = -n, -d
        g = gcd(n, d)
        if g > 1:
            n, d = n // g, d // g
        self.numerator = n
        self.denominator = d

    def __add__(self, o):
        o = _frac(o)
        return _Frac(self.numerator * o.denominator + o.numerator * self.denominator,
                     self.denominator * o.denominator)

    __radd__ = __add__

    def __sub__(self, o):
        o = _frac(o)
        return _Frac(self.numerator * o.denominator - o.numerator * self.denominator,
                     self.denominator * o.denominator)

    def __rsub__(self, o):
        return _frac(o) - self

    def __mul__(self, o):
        o = _frac(o)
        return _Frac(self.numerator * o.numerator, self.denominator * o.denominator)

    __rmul__ = __mul__

    def __truediv__(self, o):
        o = _frac(o)
        if o.numerator == 0:
            raise ZeroDivisionError("division by zero")
        return _Frac(self.numerator * o.denominator, self.denominator * o.numerator)

    def __rtruediv__(self, o):
        return _frac(o) / self

    def __lt__(self, o):
        o = _frac(o)
        return self.numerator * o.denominator < o.numerator * self.denominator

    def __le__(self, o):
        o = _frac(o)
        return self.numerator * o.denominator <= o.numerator * self.denominator

    def __gt__(self, o):
        return not self <= o

    def __ge__(self, o):
        return not self < o

    def __float__(self):
        return self.numerator / self.denominator


def _frac(x):
    if isinstance(x, _Frac):
        return x
    n, d = x.as_integer_ratio()
    return _Frac(n, d)


def _exact_ratio(x):
    try:
        return x.as_integer_ratio()
    except AttributeError:
        pass
    except (OverflowError, ValueError):
        return (x, None)
    try:
        return (x.numerator, x.denominator)
    except AttributeError:
        raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator")


def _coerce(T, S):
    if T is S:
        return T
    if S is int or S is bool:
        return T
    if T is int:
        return S
    if issubclass(S, T):
        return S
    if issubclass(T, S):
        return T
    if issubclass(T, int):
        return S
    if issubclass(S, int):
        return T
    # Mixed fraction & float coerces to float (or float subclass).
    if _is_fraction_type(T) and issubclass(S, float):
        return S
    if issubclass(T, float) and _is_fraction_type(S):
        return T
    raise TypeError("don't know how to coerce %s and %s" % (T.__name__, S.__name__))


def _sum(data):
    """(type, exact sum, count) of the data."""
    count = 0
    T = int
    partials = {}
    for x in data:
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        count += 1
        partials[d] = partials.get(d, 0) + n
    if None in partials:
        total = partials[None]
    else:
        total = _Frac(0)
        for d, n in partials.items():
            total = total + _Frac(n, d)
    return (T, total, count)


def _ss(data, c=None):
    """(type, exact sum of squared deviations, mean, count)."""
    if c is not None:
        T, ssd, count = _sum([(x - c) * (x - c) for x in data])
        return (T, ssd, c, count)
    count = 0
    T = int
    sx_partials = {}
    sxx_partials = {}
    for x in data:
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        count += 1
        sx_partials[d] = sx_partials.get(d, 0) + n
        sxx_partials[d] = sxx_partials.get(d, 0) + n * n
    if not count:
        ssd = c = _Frac(0)
    elif None in sx_partials:
        ssd = c = sx_partials[None]
    else:
        sx = _Frac(0)
        for d, n in sx_partials.items():
            sx = sx + _Frac(n, d)
        sxx = _Frac(0)
        for d, n in sxx_partials.items():
            sxx = sxx + _Frac(n, d * d)
        ssd = (count * sxx - sx * sx) / count
        c = sx / count
    return (T, ssd, c, count)


def _convert(value, T):
    if not isinstance(value, _Frac):
        return value if type(value) is T else T(value)
    if issubclass(T, int):
        if value.denominator != 1:
            return value.numerator / value.denominator
        return T(value.numerator)
    if _is_fraction_type(T):
        return T(value.numerator, value.denominator)
    if _is_decimal_type(T):
        return T(value.numerator) / T(value.denominator)
    return T(value.numerator / value.denominator)


def _fail_neg(values, errmsg="negative value"):
    for x in values:
        if x < 0:
            raise StatisticsError(errmsg)
        yield x


def _integer_sqrt_of_frac_rto(n, m):
    a = isqrt(n // m)
    return a | (a * a * m != n)


def _float_sqrt_of_frac(n, m):
    q = (n.bit_length() - m.bit_length() - 109) // 2
    if q >= 0:
        numerator = _integer_sqrt_of_frac_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _integer_sqrt_of_frac_rto(n << -2 * q, m)
        denominator = 1 << -q
    return numerator / denominator


def _decimal_sqrt_of_frac(n, m):
    """Square root of n/m as a Decimal, correctly rounded."""
    D = _loaded_type("decimal", "Decimal")
    if n <= 0:
        if not n:
            return D('0.0')
        n, m = -n, -m
    root = (D(n) / D(m)).sqrt()
    nr, dr = root.as_integer_ratio()
    plus = root.next_plus()
    np, dp = plus.as_integer_ratio()
    if 4 * n * (dr * dp) ** 2 > m * (dr * np + dp * nr) ** 2:
        return plus
    minus = root.next_minus()
    nm, dm = minus.as_integer_ratio()
    if 4 * n * (dr * dm) ** 2 < m * (dr * nm + dm * nr) ** 2:
        return minus
    return root


def _sqrt_of(mss, T):
    if not isinstance(mss, _Frac):
        return mss.sqrt() if _is_decimal_type(T) else sqrt(mss)
    if _is_decimal_type(T):
        return _decimal_sqrt_of_frac(mss.numerator, mss.denominator)
    return _float_sqrt_of_frac(mss.numerator, mss.denominator)


def mean(data):
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError("mean requires at least one data point")
    return _convert(total / n, T)


def fmean(data, weights=None):
    data = list(data)
    n = len(data)
    if weights is None:
        total = fsum(data)
        if not n:
            raise StatisticsError("fmean requires at least one data point")
        return total / n
    weights = list(weights)
    num = fsum([x * w for x, w in zip(data, weights)])
    if n != len(weights):
        raise StatisticsError("data and weights must be the same length")
    den = fsum(weights)
    if not den:
        raise StatisticsError("sum of weights must be non-zero")
    return num / den


def geometric_mean(data):
    try:
        return exp(fmean([log(x) for x in data]))
    except ValueError:
        raise StatisticsError("geometric mean requires a non-empty dataset "
                              "containing positive numbers") from None


def harmonic_mean(data, weights=None):
    data = list(data)
    errmsg = "harmonic mean does not support negative values"
    n = len(data)
    if n < 1:
        raise StatisticsError("harmonic_mean requires at least one data point")
    elif n == 1 and weights is None:
        x = data[0]
        if isinstance(x, (int, float)) or _is_fraction_type(type(x)) or _is_decimal_type(type(x)):
            if x < 0:
                raise StatisticsError(errmsg)
            return x
        else:
            raise TypeError("unsupported type")
    if weights is None:
        weights = [1] * n
        sum_weights = n
    else:
        weights = list(weights)
        if len(weights) != n:
            raise StatisticsError("Number of weights does not match data size")
        _, sum_weights, _ = _sum(_fail_neg(weights, errmsg))
    try:
        data = list(_fail_neg(data, errmsg))
        T, total, count = _sum([w / x if w else 0 for w, x in zip(weights, data)])
    except ZeroDivisionError:
        return 0
    if total <= 0:
        raise StatisticsError("Weighted sum must be positive")
    return _convert(sum_weights / total, T)


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def median_grouped(data, interval=1.0):
    data = sorted(data)
    n = len(data)
    if not n:
        raise StatisticsError("no median for empty data")
    x = data[n // 2]
    i = bisect_left(data, x)
    j = bisect_right(data, x, lo=i)
    try:
        interval = float(interval)
        x = float(x)
    except ValueError:
        raise TypeError("Value cannot be converted to a float")
    L = x - interval / 2.0
    cf = i
    f = j - i
    return L + interval * (n / 2 - cf) / f


def mode(data):
    pairs = Counter(iter(data)).most_common(1)
    try:
        return pairs[0][0]
    except IndexError:
        raise StatisticsError("no mode for empty data") from None


def multimode(data):
    counts = Counter(iter(data))
    if not counts:
        return []
    maxcount = max(counts.values())
    return [value for value, count in counts.items() if count == maxcount]


def quantiles(data, *, n=4, method="exclusive"):
    if n < 1:
        raise StatisticsError("n must be at least 1")
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError("must have at least two data points")
    if method == "inclusive":
        m = ld - 1
        result = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    if method == "exclusive":
        m = ld + 1
        result = []
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
            result.append(interpolated)
        return result
    raise ValueError(f"Unknown method: {method!r}")


def variance(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("variance requires at least two data points")
    return _convert(ss / (n - 1), T)


def pvariance(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pvariance requires at least one data point")
    return _convert(ss / n, T)


def stdev(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError("stdev requires at least two data points")
    return _sqrt_of(ss / (n - 1), T)


def pstdev(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError("pstdev requires at least one data point")
    return _sqrt_of(ss / n, T)


def covariance(x, y, /):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("covariance requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("covariance requires at least two data points")
    xbar = fsum(x) / n
    ybar = fsum(y) / n
    sxy = fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
    return sxy / (n - 1)


def correlation(x, y, /):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("correlation requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("correlation requires at least two data points")
    xbar = fsum(x) / n
    ybar = fsum(y) / n
    sxy = fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
    sxx = fsum([(xi - xbar) * (xi - xbar) for xi in x])
    syy = fsum([(yi - ybar) * (yi - ybar) for yi in y])
    try:
        return sxy / sqrt(sxx * syy)
    except ZeroDivisionError:
        raise StatisticsError("at least one of the inputs is constant")


LinearRegression = namedtuple("LinearRegression", ("slope", "intercept"))


def linear_regression(x, y, /, *, proportional=False):
    n = len(x)
    if len(y) != n:
        raise StatisticsError("linear regression requires that both inputs have same number of data points")
    if n < 2:
        raise StatisticsError("linear regression requires at least two data points")
    if proportional:
        sxy = fsum([xi * yi for xi, yi in zip(x, y)])
        sxx = fsum([xi * xi for xi in x])
    else:
        xbar = fsum(x) / n
        ybar = fsum(y) / n
        sxy = fsum([(xi - xbar) * (yi - ybar) for xi, yi in zip(x, y)])
        sxx = fsum([(xi - xbar) * (xi - xbar) for xi in x])
    try:
        slope = sxy / sxx
    except ZeroDivisionError:
        raise StatisticsError("x is constant")
    intercept = 0.0 if proportional else ybar - slope * xbar
    return LinearRegression(slope=slope, intercept=intercept)

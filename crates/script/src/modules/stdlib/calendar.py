"""calendar, written in Python; dates go through `datetime` (the calendar
arithmetic in `datetime.rs`).

Covers isleap, leapdays, weekday, monthrange, monthcalendar, the name lists
(month_name, month_abbr, day_name, day_abbr, English only), MONDAY..SUNDAY,
firstweekday/setfirstweekday, Calendar/TextCalendar (iterweekdays,
itermonthdays, itermonthdays2, itermonthdates, monthdayscalendar,
monthdays2calendar, yeardayscalendar, formatmonth, formatyear, ...),
month/prmonth and calendar/prcal text layouts, timegm and the
IllegalMonthError/IllegalWeekdayError exceptions. Leaves out HTMLCalendar,
the locale calendars and the command line.
"""

import datetime

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
JANUARY = 1
FEBRUARY = 2

month_name = ("", "January", "February", "March", "April", "May", "June",
              "July", "August", "September", "October", "November", "December")
month_abbr = tuple(name[:3] for name in month_name)
day_name = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday")
day_abbr = tuple(name[:3] for name in day_name)

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class IllegalMonthError(ValueError):
    def __init__(self, month):
        self.month = month

    def __str__(self):
        return "bad month number %r; must be 1-12" % self.month


class IllegalWeekdayError(ValueError):
    def __init__(self, weekday):
        self.weekday = weekday

    def __str__(self):
        return "bad weekday number %r; must be 0 (Monday) to 6 (Sunday)" % self.weekday


def isleap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def leapdays(y1, y2):
    a, b = y1 - 1, y2 - 1
    return (b // 4 - a // 4) - (b // 100 - a // 100) + (b // 400 - a // 400)


def weekday(year, month, day):
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        year = 2000 + year % 400
    return datetime.date(year, month, day).weekday()


def monthrange(year, month):
    if not 1 <= month <= 12:
        raise IllegalMonthError(month)
    days = _DAYS_IN_MONTH[month]
    if month == 2 and isleap(year):
        days += 1
    return weekday(year, month, 1), days


def _center_all(cols, colwidth, spacing):
    return (" " * spacing).join(c.center(colwidth) for c in cols)


class Calendar:
    def __init__(self, firstweekday=0):
        self.firstweekday = firstweekday

    def getfirstweekday(self):
        return self._firstweekday % 7

    def setfirstweekday(self, firstweekday):
        self._firstweekday = firstweekday

    firstweekday = property(getfirstweekday, setfirstweekday)

    def iterweekdays(self):
        for i in range(self.firstweekday, self.firstweekday + 7):
            yield i % 7

    def itermonthdays2(self, year, month):
        first, count = monthrange(year, month)
        lead = (first - self.firstweekday) % 7
        cells = lead + count
        cells += -cells % 7
        for i in range(cells):
            day = i - lead + 1
            yield (day if 1 <= day <= count else 0), (self.firstweekday + i) % 7

    def itermonthdays(self, year, month):
        for day, _ in self.itermonthdays2(year, month):
            yield day

    def itermonthdates(self, year, month):
        first = datetime.date(year, month, 1)
        lead = (first.weekday() - self.firstweekday) % 7
        start = first - datetime.timedelta(days=lead)
        count = monthrange(year, month)[1]
        cells = lead + count
        cells += -cells % 7
        for i in range(cells):
            yield start + datetime.timedelta(days=i)

    def monthdays2calendar(self, year, month):
        days = list(self.itermonthdays2(year, month))
        return [days[i:i + 7] for i in range(0, len(days), 7)]

    def monthdayscalendar(self, year, month):
        days = list(self.itermonthdays(year, month))
        return [days[i:i + 7] for i in range(0, len(days), 7)]

    def monthdatescalendar(self, year, month):
        days = list(self.itermonthdates(year, month))
        return [days[i:i + 7] for i in range(0, len(days), 7)]

    def yeardays2calendar(self, year, width=3):
        months = [self.monthdays2calendar(year, m) for m in range(1, 13)]
        return [months[i:i + width] for i in range(0, 12, width)]

    def yeardayscalendar(self, year, width=3):
        months = [self.monthdayscalendar(year, m) for m in range(1, 13)]
        return [months[i:i + width] for i in range(0, 12, width)]


class TextCalendar(Calendar):
    def formatday(self, day, weekday, width):
        text = "" if day == 0 else "%2i" % day
        return text.center(width)

    def formatweek(self, theweek, width):
        return " ".join(self.formatday(d, wd, width) for d, wd in theweek)

    def formatweekday(self, day, width):
        names = day_name if width >= 9 else day_abbr
        return names[day][:width].center(width)

    def formatweekheader(self, width):
        return " ".join(self.formatweekday(i, width) for i in self.iterweekdays())

    def formatmonthname(self, theyear, themonth, width, withyear=True):
        text = month_name[themonth]
        if withyear:
            text = "%s %r" % (text, theyear)
        return text.center(width)

    def formatmonth(self, theyear, themonth, w=0, l=0):
        w = max(2, w)
        l = max(1, l)
        gap = "\n" * l
        out = self.formatmonthname(theyear, themonth, 7 * (w + 1) - 1).rstrip() + gap
        out += self.formatweekheader(w).rstrip() + gap
        for week in self.monthdays2calendar(theyear, themonth):
            out += self.formatweek(week, w).rstrip() + gap
        return out

    def prmonth(self, theyear, themonth, w=0, l=0):
        print(self.formatmonth(theyear, themonth, w, l), end="")

    def formatyear(self, theyear, w=2, l=1, c=6, m=3):
        w = max(2, w)
        l = max(1, l)
        c = max(2, c)
        gap = "\n" * l
        colwidth = (w + 1) * 7 - 1
        parts = [repr(theyear).center(colwidth * m + c * (m - 1)).rstrip(), gap]
        header = self.formatweekheader(w)
        for i, row in enumerate(self.yeardays2calendar(theyear, m)):
            months = range(m * i + 1, min(m * (i + 1) + 1, 13))
            parts.append(gap)
            names = [self.formatmonthname(theyear, k, colwidth, False) for k in months]
            parts.append(_center_all(names, colwidth, c).rstrip())
            parts.append(gap)
            parts.append(_center_all([header for k in months], colwidth, c).rstrip())
            parts.append(gap)
            for j in range(max(len(cal) for cal in row)):
                weeks = [self.formatweek(cal[j], w) if j < len(cal) else "" for cal in row]
                parts.append(_center_all(weeks, colwidth, c).rstrip())
                parts.append(gap)
        return "".join(parts)

    def pryear(self, theyear, w=0, l=0, c=6, m=3):
        print(self.formatyear(theyear, w, l, c, m), end="")


_default = TextCalendar()


def firstweekday():
    return _default.getfirstweekday()


def setfirstweekday(firstweekday):
    if not MONDAY <= firstweekday <= SUNDAY:
        raise IllegalWeekdayError(firstweekday)
    _default.firstweekday = firstweekday


def monthcalendar(year, month):
    return _default.monthdayscalendar(year, month)


def month(theyear, themonth, w=0, l=0):
    return _default.formatmonth(theyear, themonth, w, l)


def prmonth(theyear, themonth, w=0, l=0):
    _default.prmonth(theyear, themonth, w, l)


def calendar(theyear, w=2, l=1, c=6, m=3):
    return _default.formatyear(theyear, w, l, c, m)


def prcal(theyear, w=0, l=0, c=6, m=3):
    _default.pryear(theyear, w, l, c, m)


def timegm(tuple):
    year, month, day, hour, minute, second = tuple[:6]
    days = datetime.date(year, month, 1).toordinal() - datetime.date(1970, 1, 1).toordinal() + day - 1
    return ((days * 24 + hour) * 60 + minute) * 60 + second

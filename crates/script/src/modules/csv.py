"""csv: reading and writing comma-separated rows, the part pipelines use.

Looplab's own module, written in the Python Looplab runs: `reader`,
`writer`, `DictReader`, `DictWriter`, the `QUOTE_*` constants and `Error`.
Dialects other than the default (`excel`) are given as keyword arguments
(`delimiter`, `quotechar`, `lineterminator`, `quoting`, `skipinitialspace`).
"""

QUOTE_MINIMAL = 0
QUOTE_ALL = 1
QUOTE_NONNUMERIC = 2
QUOTE_NONE = 3


class Error(Exception):
    pass


def _csv_lines(source):
    """Iterates `source`'s lines (a file, a list of strings, any iterable)."""
    for item in source:
        if not isinstance(item, str):
            raise Error(f"iterator should return strings, not {type(item).__name__} (the file should be opened in text mode)")
        yield item


def _csv_split(line, delimiter, quotechar, skipinitialspace, more):
    """The fields of one record; `more()` gives the next line when a quoted
    field runs past a line end."""
    fields = []
    field = ""
    i = 0
    quoted = False
    was_quoted = False
    at_start = True
    while True:
        if i >= len(line):
            if quoted:
                nxt = more()
                if nxt is None:
                    raise Error("unexpected end of data")
                line = nxt
                i = 0
                continue
            break
        c = line[i]
        if quoted:
            if c == quotechar:
                if i + 1 < len(line) and line[i + 1] == quotechar:
                    field += quotechar
                    i += 2
                    continue
                quoted = False
                i += 1
                continue
            field += c
            i += 1
            continue
        if c == delimiter:
            fields.append(field)
            field = ""
            was_quoted = False
            at_start = True
            i += 1
            continue
        if c in "\r\n":
            i += 1
            continue
        if at_start and skipinitialspace and c == " ":
            i += 1
            continue
        if at_start and c == quotechar:
            quoted = True
            was_quoted = True
            at_start = False
            i += 1
            continue
        at_start = False
        field += c
        i += 1
    fields.append(field)
    return fields


class _Reader:
    def __init__(self, source, delimiter=",", quotechar='"', skipinitialspace=False,
                 quoting=QUOTE_MINIMAL, **kwargs):
        self._lines = _csv_lines(source)
        self.delimiter = delimiter
        self.quotechar = quotechar
        self.skipinitialspace = skipinitialspace
        self.quoting = quoting
        self.line_num = 0

    def __iter__(self):
        return self

    def _more(self):
        try:
            line = next(self._lines)
        except StopIteration:
            return None
        self.line_num += 1
        return line

    def __next__(self):
        while True:
            line = next(self._lines)
            self.line_num += 1
            if line.strip("\r\n") == "":
                return []
            row = _csv_split(line, self.delimiter, self.quotechar, self.skipinitialspace, self._more)
            if self.quoting == QUOTE_NONNUMERIC:
                row = [float(x) if x and _csv_is_number(x) else x for x in row]
            return row


def _csv_is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def reader(csvfile, dialect="excel", **kwargs):
    return _Reader(csvfile, **kwargs)


class _Writer:
    def __init__(self, f, delimiter=",", quotechar='"', lineterminator="\r\n",
                 quoting=QUOTE_MINIMAL, **kwargs):
        self._f = f
        self.delimiter = delimiter
        self.quotechar = quotechar
        self.lineterminator = lineterminator
        self.quoting = quoting

    def _field(self, value):
        if value is None:
            text = ""
        elif isinstance(value, float):
            text = repr(value)
        else:
            text = str(value)
        need = self.quoting == QUOTE_ALL or (
            self.quoting == QUOTE_NONNUMERIC and not isinstance(value, (int, float)))
        if not need and self.quoting != QUOTE_NONE:
            for ch in (self.delimiter, self.quotechar, "\n", "\r"):
                if ch in text:
                    need = True
                    break
        if need:
            return self.quotechar + text.replace(self.quotechar, self.quotechar * 2) + self.quotechar
        return text

    def writerow(self, row):
        line = self.delimiter.join([self._field(v) for v in row]) + self.lineterminator
        return self._f.write(line)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(csvfile, dialect="excel", **kwargs):
    return _Writer(csvfile, **kwargs)


class DictReader:
    def __init__(self, f, fieldnames=None, restkey=None, restval=None, dialect="excel", **kwargs):
        self.reader = _Reader(f, **kwargs)
        self._fieldnames = fieldnames
        self.restkey = restkey
        self.restval = restval
        self.line_num = 0

    @property
    def fieldnames(self):
        if self._fieldnames is None:
            try:
                self._fieldnames = next(self.reader)
            except StopIteration:
                pass
        self.line_num = self.reader.line_num
        return self._fieldnames

    def __iter__(self):
        return self

    def __next__(self):
        names = self.fieldnames
        row = next(self.reader)
        while row == []:
            row = next(self.reader)
        self.line_num = self.reader.line_num
        d = dict(zip(names, row))
        if len(names) < len(row):
            d[self.restkey] = row[len(names):]
        elif len(names) > len(row):
            for key in names[len(row):]:
                d[key] = self.restval
        return d


class DictWriter:
    def __init__(self, f, fieldnames, restval="", extrasaction="raise", dialect="excel", **kwargs):
        self.fieldnames = list(fieldnames)
        self.restval = restval
        self.extrasaction = extrasaction
        self.writer = _Writer(f, **kwargs)

    def writeheader(self):
        return self.writer.writerow(self.fieldnames)

    def writerow(self, rowdict):
        if self.extrasaction == "raise":
            wrong = [k for k in rowdict if k not in self.fieldnames]
            if wrong:
                raise ValueError("dict contains fields not in fieldnames: " + ", ".join(repr(x) for x in wrong))
        return self.writer.writerow([rowdict.get(k, self.restval) for k in self.fieldnames])

    def writerows(self, rowdicts):
        for r in rowdicts:
            self.writerow(r)

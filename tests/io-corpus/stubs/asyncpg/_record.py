"""asyncpg.Record, re-implemented in Python after asyncpg 0.32.0's
asyncpg/protocol/record/recordobj.c.

What the C type does, and so what this class does:

* ``r[i]`` (negative i counts from the end), ``r['name']``, ``r[1:3]`` (a
  tuple). A bad index raises ``IndexError('record index out of range')``, an
  unknown name ``KeyError(name)``.
* ``len(r)``, ``iter(r)`` (the values), ``r.values()`` (an iterator over the
  values), ``r.keys()`` (an iterator over the names), ``r.items()`` (an
  iterator over ``(name, value)`` pairs), ``r.get(name[, default])``.
* ``name in r`` looks at the NAMES (while iterating yields the values).
* ``dict(r)`` works through keys() and ``r[name]``.
* ``r == (1, 'a')`` compares the values with a tuple or another Record,
  ignoring the names; ordering works the same way; ``hash(r)`` is the hash of
  the tuple of values.
* ``repr(r)`` is ``<Record id=1 name='Ada'>`` (``<Record>`` when empty).
* Attribute access (``r.name``) raises
  ``AttributeError("'asyncpg.protocol.record.Record' object has no attribute 'name'")``,
  item assignment raises ``TypeError("'asyncpg.protocol.record.Record' object
  does not support item assignment")`` and ``asyncpg.Record()`` raises
  ``TypeError("cannot create 'asyncpg.protocol.record.Record' instances")``.
"""

import operator

_TP_NAME = "asyncpg.protocol.record.Record"


class Record:
    __slots__ = ("_Record__keys", "_Record__map", "_Record__vals")

    def __new__(cls, *args, **kwargs):
        raise TypeError(f"cannot create '{_TP_NAME}' instances")

    @classmethod
    def _make(cls, keys, mapping, values):
        self = object.__new__(cls)
        object.__setattr__(self, "_Record__keys", keys)
        object.__setattr__(self, "_Record__map", mapping)
        object.__setattr__(self, "_Record__vals", tuple(values))
        return self

    # -- attribute protocol: the C type has no attributes of its own ---------
    def __getattr__(self, name):
        raise AttributeError(f"'{_TP_NAME}' object has no attribute '{name}'")

    def __setattr__(self, name, value):
        raise AttributeError(f"'{_TP_NAME}' object has no attribute '{name}'")

    def __setitem__(self, key, value):
        raise TypeError(f"'{_TP_NAME}' object does not support item assignment")

    def __delitem__(self, key):
        raise TypeError(f"'{_TP_NAME}' object does not support item deletion")

    # -- sequence / mapping ---------------------------------------------------
    def __len__(self):
        return len(self.__vals)

    def __getitem__(self, item):
        if hasattr(type(item), "__index__"):
            i = operator.index(item)
            n = len(self.__vals)
            if i < 0:
                i += n
            if i < 0 or i >= n:
                raise IndexError("record index out of range")
            return self.__vals[i]
        if isinstance(item, slice):
            return tuple(self.__vals[item])
        try:
            i = self.__map[item]
        except (KeyError, TypeError):
            raise KeyError(item) from None
        return self.__vals[i]

    def __iter__(self):
        return iter(self.__vals)

    def __contains__(self, key):
        return key in self.__keys

    def keys(self):
        return iter(self.__keys)

    def values(self):
        return iter(self.__vals)

    def items(self):
        return iter(tuple(zip(self.__keys, self.__vals)))

    def get(self, *args, **kwargs):
        if kwargs:
            raise TypeError("Record.get() takes no keyword arguments")
        if len(args) == 2:
            key, default = args
        elif len(args) == 1:
            key, default = args[0], None
        else:
            raise TypeError(f"Record.get() expected 1 or 2 arguments, got {len(args)}")
        try:
            return self.__vals[self.__map[key]]
        except (KeyError, TypeError):
            return default

    # -- comparison: like a tuple of the values ------------------------------
    @staticmethod
    def _other(other):
        if isinstance(other, Record):
            return other._Record__vals
        if isinstance(other, tuple):
            return other
        return None

    def __eq__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals == o

    def __ne__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals != o

    def __lt__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals < o

    def __le__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals <= o

    def __gt__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals > o

    def __ge__(self, other):
        o = self._other(other)
        return NotImplemented if o is None else self.__vals >= o

    def __hash__(self):
        return hash(self.__vals)

    def __repr__(self):
        if not self.__vals:
            return "<Record>"
        inner = " ".join(f"{k}={v!r}" for k, v in zip(self.__keys, self.__vals))
        return f"<Record {inner}>"


Record.__module__ = "asyncpg.protocol.record"

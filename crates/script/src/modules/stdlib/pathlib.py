"""pathlib: POSIX paths as objects, as CPython 3.11 has them.

Looplab's own module, written in the Python Looplab runs. The path
arithmetic is plain string work; everything that touches a file goes
through `open()` and `os`, so a `Path` sees the same workspace as they do
(`Path("a.txt").write_text(...)` then `open("a.txt").read()` agree).

`PurePath` is `PurePosixPath` and `Path` is `PosixPath` (the same classes,
not factories: Looplab has no user `__new__`), so `Path("x")` is a
`PosixPath` as in CPython, but `Path.__name__` is `'PosixPath'`. The
current and home directories are both the workspace (`os.getcwd()`).

Left out: Windows paths, `chmod`, `owner`, symlinks, `samefile`,
`walk`, case-insensitive matching.
"""

import os
from fnmatch import fnmatchcase as _fnmatch


def _split(args):
    root, names = "", []
    for a in args:
        if isinstance(a, PurePosixPath):
            s = str(a)
        elif isinstance(a, str):
            s = a
        elif hasattr(a, "__fspath__"):
            s = a.__fspath__()
        else:
            raise TypeError("expected str, bytes or os.PathLike object, not "
                            + type(a).__name__)
        if s.startswith("/"):
            root = "//" if s.startswith("//") and not s.startswith("///") else "/"
            names = []
        names += [n for n in s.split("/") if n and n != "."]
    return root, names


def _by_parts(test):
    # A comparison of two paths by their parts (NotImplemented otherwise).
    def compare(self, other):
        if not isinstance(other, PurePosixPath):
            return NotImplemented
        return test(self.parts, other.parts)
    return compare


class _Parents:
    def __init__(self, path):
        self._path = path
        self._n = len(path._names)

    def __len__(self):
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return tuple(self[k] for k in range(*i.indices(self._n)))
        if i < 0:
            i += self._n
        if i < 0 or i >= self._n:
            raise IndexError(i)
        p = self._path
        return p._make(p._root, p._names[:self._n - 1 - i])

    def __iter__(self):
        for i in range(self._n):
            yield self[i]

    def __repr__(self):
        return "<" + type(self._path).__name__ + ".parents>"


class PurePosixPath:
    def __init__(self, *args):
        self._root, self._names = _split(args)

    def _make(self, root, names):
        p = type(self)()
        p._root, p._names = root, names
        return p

    def __str__(self):
        return self._root + "/".join(self._names) or "."

    __fspath__ = __str__
    as_posix = __str__

    def __repr__(self):
        return type(self).__name__ + "(" + repr(str(self)) + ")"

    def __hash__(self):
        return hash(self.parts)

    __eq__ = _by_parts(lambda a, b: a == b)
    __lt__ = _by_parts(lambda a, b: a < b)
    __le__ = _by_parts(lambda a, b: a <= b)
    __gt__ = _by_parts(lambda a, b: a > b)
    __ge__ = _by_parts(lambda a, b: a >= b)

    def __truediv__(self, other):
        try:
            return self.joinpath(other)
        except TypeError:
            return NotImplemented

    def __rtruediv__(self, other):
        try:
            return type(self)(other, self)
        except TypeError:
            return NotImplemented

    def joinpath(self, *others):
        return type(self)(self, *others)

    @property
    def drive(self):
        return ""

    @property
    def root(self):
        return self._root

    @property
    def anchor(self):
        return self._root

    @property
    def parts(self):
        return tuple(([self._root] if self._root else []) + self._names)

    @property
    def name(self):
        return self._names[-1] if self._names else ""

    @property
    def suffix(self):
        name = self.name
        i = name.rfind(".")
        return name[i:] if 0 < i < len(name) - 1 else ""

    @property
    def suffixes(self):
        name = self.name
        if name.endswith("."):
            return []
        return ["." + s for s in name.lstrip(".").split(".")[1:]]

    @property
    def stem(self):
        name = self.name
        i = name.rfind(".")
        return name[:i] if 0 < i < len(name) - 1 else name

    @property
    def parent(self):
        if not self._names:
            return self
        return self._make(self._root, self._names[:-1])

    @property
    def parents(self):
        return _Parents(self)

    def is_absolute(self):
        return bool(self._root)

    def is_reserved(self):
        return False

    def with_name(self, name):
        if not self.name:
            raise ValueError(repr(self) + " has an empty name")
        if not name or "/" in name or name == ".":
            raise ValueError("Invalid name " + repr(name))
        return self._make(self._root, self._names[:-1] + [name])

    def with_stem(self, stem):
        return self.with_name(stem + self.suffix)

    def with_suffix(self, suffix):
        if "/" in suffix or suffix and (not suffix.startswith(".") or suffix == "."):
            raise ValueError("Invalid suffix " + repr(suffix))
        if not self.name:
            raise ValueError(repr(self) + " has an empty name")
        return self.with_name(self.stem + suffix)

    def relative_to(self, *other):
        if not other:
            raise TypeError("need at least one argument")
        base = type(self)(*other)
        n = len(base.parts)
        if self.parts[:n] != base.parts or (n == 0 and self._root):
            raise ValueError(repr(str(self)) + " is not in the subpath of "
                             + repr(str(base)) + " OR one path is relative and"
                             " the other is absolute.")
        return self._make("", list(self.parts[n:]))

    def is_relative_to(self, *other):
        try:
            self.relative_to(*other)
            return True
        except ValueError:
            return False

    def match(self, pattern):
        pat = type(self)(pattern)
        if not pat.parts:
            raise ValueError("empty pattern")
        want, have = pat.parts, self.parts
        if pat._root and len(want) != len(have) or len(want) > len(have):
            return False
        for w, h in zip(reversed(want), reversed(have)):
            if not _fnmatch(h, w):
                return False
        return True


PurePath = PurePosixPath


def _walk_dirs(path):
    yield path
    for child in path.iterdir():
        if child.is_dir():
            yield from _walk_dirs(child)


def _glob(path, pat):
    if not pat:
        yield path
        return
    head, rest = pat[0], pat[1:]
    if head == "**":
        for d in _walk_dirs(path):
            yield from _glob(d, rest)
    elif head == "..":
        yield from _glob(path / "..", rest)
    elif not any(c in head for c in "*?["):
        child = path / head
        if (child.is_dir() if rest else child.exists()):
            yield from _glob(child, rest)
    elif path.is_dir():
        for child in path.iterdir():
            if _fnmatch(child.name, head) and (not rest or child.is_dir()):
                yield from _glob(child, rest)


class PosixPath(PurePosixPath):
    @classmethod
    def cwd(cls):
        return cls(os.getcwd())

    @classmethod
    def home(cls):
        return cls(os.getcwd())

    def absolute(self):
        return self if self._root else type(self)(os.getcwd(), self)

    def resolve(self, strict=False):
        names = []
        for n in self.absolute()._names:
            if n != "..":
                names.append(n)
            elif names:
                names.pop()
        p = self._make("/", names)
        if strict and not p.exists():
            raise FileNotFoundError(2, "No such file or directory", str(p))
        return p

    def expanduser(self):
        if self._names and self._names[0] == "~" and not self._root:
            return type(self)(os.getcwd(), *self._names[1:])
        return self

    def exists(self):
        return os.path.exists(self)

    def is_file(self):
        return os.path.isfile(self)

    def is_dir(self):
        return os.path.isdir(self)

    def is_symlink(self):
        return False

    def stat(self):
        return os.stat(self)

    def open(self, mode="r", buffering=-1, encoding=None, errors=None, newline=None):
        return open(self, mode, buffering, encoding, errors, newline)

    def read_text(self, encoding=None, errors=None):
        with open(self, encoding=encoding, errors=errors) as f:
            return f.read()

    def read_bytes(self):
        with open(self, "rb") as f:
            return f.read()

    def write_text(self, data, encoding=None, errors=None, newline=None):
        if not isinstance(data, str):
            raise TypeError("data must be str, not " + type(data).__name__)
        with open(self, "w", encoding=encoding, errors=errors) as f:
            return f.write(data)

    def write_bytes(self, data):
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError("memoryview: a bytes-like object is required, not '"
                            + type(data).__name__ + "'")
        with open(self, "wb") as f:
            return f.write(bytes(data))

    def touch(self, mode=0o666, exist_ok=True):
        if self.exists():
            if not exist_ok:
                open(self, "x")
            return
        open(self, "a").close()

    def mkdir(self, mode=0o777, parents=False, exist_ok=False):
        try:
            os.mkdir(self)
        except FileNotFoundError:
            if not parents or self.parent == self:
                raise
            self.parent.mkdir(parents=True, exist_ok=True)
            self.mkdir(mode, False, exist_ok)
        except OSError:
            if not exist_ok or not self.is_dir():
                raise

    def iterdir(self):
        for name in os.listdir(self):
            yield self._make(self._root, self._names + [name])

    def glob(self, pattern):
        if not pattern:
            raise ValueError("Unacceptable pattern: " + repr(pattern))
        if pattern.startswith("/"):
            raise NotImplementedError("Non-relative patterns are unsupported")
        seen = set()
        for p in _glob(self, type(self)(pattern)._names):
            if str(p) not in seen:
                seen.add(str(p))
                yield p

    def rglob(self, pattern):
        return self.glob("**/" + pattern)

    def unlink(self, missing_ok=False):
        try:
            os.remove(self)
        except FileNotFoundError:
            if not missing_ok:
                raise

    def rmdir(self):
        os.rmdir(self)

    def rename(self, target):
        os.rename(self, target)
        return type(self)(target)

    def replace(self, target):
        os.replace(self, target)
        return type(self)(target)


Path = PosixPath

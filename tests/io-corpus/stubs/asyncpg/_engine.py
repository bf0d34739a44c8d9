"""The PostgreSQL stand-in behind the asyncpg stub: SQLite, made to answer
like PostgreSQL 15 for the SQL the io-corpus programs use.

One database name = one SQLite database per process. It lives in a file in a
private temporary directory (removed at exit), never in the current
directory, so that several connections (a pool) share it and see only
committed data (WAL mode). The program cannot see that file; to it the
database starts empty in every process, as if freshly created.

What is translated or imitated:

* ``$1`` .. ``$n`` become ``?1`` .. ``?n`` (outside quotes and comments), so
  out-of-order and repeated parameters work. ``expr::type`` becomes
  ``CAST(expr AS type)``.
* ``SERIAL``/``BIGSERIAL``/``SMALLSERIAL`` columns get a PostgreSQL-like
  sequence: ``DEFAULT (_pg_nextval('t_id_seq'))`` on a non-rowid ``INT``
  column, with the counter kept outside SQLite. As in PostgreSQL, a value
  taken by an INSERT that then fails, or whose transaction rolls back, is
  never given out again.
* Constraint names follow PostgreSQL's defaults: ``t_pkey``, ``t_col_key``,
  ``t_col_check``, ``t_a_b_key``. A BEFORE INSERT/UPDATE trigger hands each
  new row to Python so that error details can quote it
  (``Failing row contains (...)``, ``Key (email)=(...) already exists.``).
* SQLite errors become the asyncpg exception of the PostgreSQL SQLSTATE with
  PostgreSQL's message, detail and fields (sqlstate, table_name,
  column_name, constraint_name, schema_name).
* Transactions follow PostgreSQL: after an error inside a transaction every
  statement fails with InFailedSQLTransactionError until ROLLBACK (or
  ROLLBACK TO SAVEPOINT); COMMIT of a failed transaction rolls back and
  answers ``ROLLBACK``. Transactions take SQLite's write lock at BEGIN; a
  writer that finds the lock taken waits (asyncio.sleep, not a blocking
  wait) until it is free, like a PostgreSQL writer waiting on a row lock.
* Command tags: ``CREATE TABLE``, ``INSERT 0 n``, ``UPDATE n``, ``DELETE n``,
  ``SELECT n``, ``DROP TABLE``, ``BEGIN``, ``COMMIT``, ...
* Column names of results: unquoted identifiers are folded to lower case; an
  unnamed expression is ``?column?``, a function call is named after the
  function (``count``), a cast of a parameter or literal after the type
  (``int4``).
* BOOLEAN columns come back as True/False.
"""

import asyncio
import atexit
import os
import re
import shutil
import sqlite3
import tempfile

from . import exceptions as exc

# --------------------------------------------------------------------------
# process-wide state
# --------------------------------------------------------------------------

_TMPDIR = None
_DATABASES = {}


def _tmpdir():
    global _TMPDIR
    if _TMPDIR is None:
        _TMPDIR = tempfile.mkdtemp(prefix="asyncpg-stub-")
        atexit.register(shutil.rmtree, _TMPDIR, True)
    return _TMPDIR


def _to_bool(raw):
    return raw not in (b"0", b"", b"f", b"false")


sqlite3.register_converter("BOOLEAN", _to_bool)
sqlite3.register_converter("BOOL", _to_bool)


def database(name):
    db = _DATABASES.get(name)
    if db is None:
        db = _DATABASES[name] = Database(name)
    return db


class TableInfo:
    def __init__(self, name):
        self.name = name
        self.columns = []        # [(name, pg type in lower case)]
        self.pkey = None         # [col, ...]
        self.uniques = []        # [(constraint name, [col, ...])]
        self.checks = set()      # constraint names


class Database:
    def __init__(self, name):
        self.name = name
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
        self.path = os.path.join(_tmpdir(), f"{safe}-{len(_DATABASES)}.sqlite3")
        self.sequences = {}      # sequence name -> last value given out (0: none)
        self.tables = {}         # table name -> TableInfo
        self.indexes = {}        # unique index name -> (table, [col, ...])
        self.last_row = None     # (table, values) of the row being written
        con = sqlite3.connect(self.path)
        con.execute("PRAGMA journal_mode=WAL")
        con.close()

    # SQL functions every session registers --------------------------------
    def nextval(self, seq):
        self.sequences[seq] = self.sequences.get(seq, 0) + 1
        return self.sequences[seq]

    def stash_row(self, table, *values):
        self.last_row = (table, values)
        return None

    def open_session(self):
        con = sqlite3.connect(self.path, isolation_level=None, timeout=0,
                              detect_types=sqlite3.PARSE_DECLTYPES,
                              check_same_thread=False)
        con.create_function("_pg_nextval", 1, self.nextval)
        con.create_function("_pg_row", -1, self.stash_row)
        con.execute("PRAGMA case_sensitive_like=ON")
        con.execute("PRAGMA foreign_keys=ON")
        return con


# --------------------------------------------------------------------------
# lexing: split statements, translate parameters and casts
# --------------------------------------------------------------------------

_PG_CAST_TYPES = {
    # pg spelling -> (sqlite type, name PostgreSQL gives an unnamed result)
    "int": ("INTEGER", "int4"), "integer": ("INTEGER", "int4"),
    "int4": ("INTEGER", "int4"), "smallint": ("INTEGER", "int2"),
    "int2": ("INTEGER", "int2"), "bigint": ("INTEGER", "int8"),
    "int8": ("INTEGER", "int8"), "text": ("TEXT", "text"),
    "varchar": ("TEXT", "varchar"), "bool": ("BOOLEAN", "bool"),
    "boolean": ("BOOLEAN", "bool"), "float": ("REAL", "float8"),
    "float8": ("REAL", "float8"), "real": ("REAL", "float4"),
}


def _scan(sql):
    """Yield (kind, text) pieces: 'str', 'ident', 'comment', 'param', 'semi', 'code'."""
    i, n = 0, len(sql)
    buf = []
    while i < n:
        c = sql[i]
        if c == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'":
                    if j + 1 < n and sql[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "str", sql[i:j + 1]
            i = j + 1
        elif c == '"':
            j = sql.find('"', i + 1)
            j = n - 1 if j < 0 else j
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "ident", sql[i:j + 1]
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "comment", sql[i:j]
            i = j
        elif sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "comment", sql[i:j]
            i = j
        elif c == "$" and i + 1 < n and sql[i + 1].isdigit():
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "param", sql[i:j]
            i = j
        elif c == ";":
            if buf:
                yield "code", "".join(buf)
                buf = []
            yield "semi", ";"
            i += 1
        else:
            buf.append(c)
            i += 1
    if buf:
        yield "code", "".join(buf)


def split_statements(sql):
    """Split on top-level semicolons; drop empty statements."""
    out, cur = [], []
    for kind, text in _scan(sql):
        if kind == "semi":
            out.append("".join(cur))
            cur = []
        elif kind != "comment":
            cur.append(text)
    out.append("".join(cur))
    return [s.strip() for s in out if s.strip()]


def max_param(sql):
    return max((int(t[1:]) for k, t in _scan(sql) if k == "param"), default=0)


_CAST_RE = re.compile(
    r"::\s*(double\s+precision|character\s+varying|[A-Za-z_][A-Za-z0-9_]*)(\s*\(\s*\d+\s*\))?")


def _preceding_atom(out):
    """Index in `out` where the operand just before a '::' starts."""
    k = len(out) - 1
    while k >= 0 and out[k].isspace():
        k -= 1
    if k < 0:
        return 0
    if out[k] == ")":
        depth = 0
        while k >= 0:
            if out[k] == ")":
                depth += 1
            elif out[k] == "(":
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        # a function call: include its name
        while k > 0 and (out[k - 1].isalnum() or out[k - 1] in "_."):
            k -= 1
        return max(k, 0)
    if out[k] == "'":
        k -= 1
        while k >= 0:
            if out[k] == "'":
                if k > 0 and out[k - 1] == "'":
                    k -= 2
                    continue
                return k
            k -= 1
        return 0
    while k > 0 and (out[k - 1].isalnum() or out[k - 1] in "_.?\""):
        k -= 1
    return k


def translate(sql):
    """PostgreSQL text -> (SQLite text, {sqlite expression text: pg column name})."""
    out = ""
    names = {}
    for kind, text in _scan(sql):
        if kind == "param":
            out += "?" + text[1:]
        elif kind == "code" and "::" in text:
            pos = 0
            for m in _CAST_RE.finditer(text):
                out += text[pos:m.start()]
                pos = m.end()
                typ = re.sub(r"\s+", " ", m.group(1).lower())
                sqlite_type, pg_name = _PG_CAST_TYPES.get(
                    typ, ("REAL" if typ == "double precision" else "TEXT",
                          "float8" if typ == "double precision" else typ))
                start = _preceding_atom(out)
                atom = out[start:].strip()
                expr = f"CAST({atom} AS {sqlite_type})"
                out = out[:start] + (" " if out[start:start + 1].isspace() else "") + expr
                if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", atom):
                    names[expr] = atom.split(".")[-1].lower()
                else:
                    names[expr] = pg_name
            out += text[pos:]
        else:
            out += text
    return out, names


def pg_column_name(name, cast_names):
    if name in cast_names:
        return cast_names[name]
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", name):
        upper = name.upper()
        if upper == "NULL":
            return "?column?"
        if upper in ("TRUE", "FALSE"):
            return "bool"
        return name.lower()
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", name)
    if m:
        depth = 0
        for i in range(m.end() - 1, len(name)):
            if name[i] == "(":
                depth += 1
            elif name[i] == ")":
                depth -= 1
                if depth == 0:
                    if i == len(name) - 1:
                        fn = m.group(1).lower()
                        return "int4" if fn == "cast" else fn
                    break
    if re.match(r"(?is)case\b.*\bend$", name):
        return "case"
    return "?column?"


def first_words(stmt, n=3):
    words = re.findall(r"[A-Za-z_]+", stmt[:200])
    return [w.upper() for w in words[:n]]


def _ident(s):
    s = s.strip()
    if s.startswith('"') and s.endswith('"'):
        return s[1:-1]
    return s.lower()


def _split_top(body, sep=","):
    parts, depth, cur = [], 0, []
    for kind, text in _scan(body):
        if kind != "code":
            cur.append(text)
            continue
        for ch in text:
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            if ch == sep and depth == 0:
                parts.append("".join(cur))
                cur = []
            else:
                cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _cols(text):
    return [_ident(c) for c in _split_top(text)]


# --------------------------------------------------------------------------
# CREATE TABLE rewriting
# --------------------------------------------------------------------------

_CREATE_RE = re.compile(
    r"(?is)^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$")
_TYPE_RE = re.compile(
    r"(?is)^(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_]*)\s+"
    r"(double\s+precision|character\s+varying|[A-Za-z_][A-Za-z0-9_]*)"
    r"(\s*\([^)]*\))?(\s*\[\])?(.*)$")
_SERIALS = {"serial", "bigserial", "smallserial", "serial4", "serial8", "serial2"}


def rewrite_create_table(stmt):
    """Return (sqlite sql, TableInfo, if_not_exists) or None when not parseable."""
    m = _CREATE_RE.match(stmt)
    if not m:
        return None
    if_not_exists = bool(m.group(1))
    table = _ident(m.group(2))
    info = TableInfo(table)
    items = []
    for item in _split_top(m.group(3)):
        head = first_words(item, 2)
        cname = None
        body = item
        if head and head[0] == "CONSTRAINT":
            cm = re.match(r"(?is)CONSTRAINT\s+(\"[^\"]+\"|\w+)\s+(.*)$", item)
            cname, body = _ident(cm.group(1)), cm.group(2)
            head = first_words(body, 2)
        if head[:1] == ["PRIMARY"]:
            cols = _cols(re.search(r"\((.*)\)", body, re.S).group(1))
            info.pkey = cols
            items.append(item)
            continue
        if head[:1] == ["UNIQUE"]:
            cols = _cols(re.search(r"\((.*)\)", body, re.S).group(1))
            info.uniques.append((cname or f"{table}_{'_'.join(cols)}_key", cols))
            items.append(item)
            continue
        if head[:1] == ["CHECK"]:
            if cname is None:
                idents = [w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", body[5:])]
                known = [c for c, _ in info.columns]
                first = next((w for w in idents if w in known), None)
                cname = f"{table}_{first}_check" if first else f"{table}_check"
            info.checks.add(cname)
            items.append(f"CONSTRAINT {cname} {body}")
            continue
        if head[:1] == ["FOREIGN"]:
            items.append(item)
            continue
        cm = _TYPE_RE.match(item)
        if not cm:
            return None
        col = _ident(cm.group(1))
        typ = re.sub(r"\s+", " ", cm.group(2).lower())
        rest = cm.group(5) or ""
        sqlite_type = cm.group(2) + (cm.group(3) or "")
        if typ in _SERIALS:
            seq = f"{table}_{col}_seq"
            sqlite_type = f"INT DEFAULT (_pg_nextval('{seq}')) NOT NULL"
            typ = {"bigserial": "bigint", "serial8": "bigint",
                   "smallserial": "smallint", "serial2": "smallint"}.get(typ, "integer")
        info.columns.append((col, typ))
        upper = rest.upper()
        if re.search(r"\bPRIMARY\s+KEY\b", upper):
            info.pkey = [col]
        if re.search(r"\bUNIQUE\b", upper):
            info.uniques.append((f"{table}_{col}_key", [col]))

        def name_check(mm, col=col):
            cname = f"{table}_{col}_check"
            info.checks.add(cname)
            return f"CONSTRAINT {cname} CHECK"
        rest = re.sub(r"(?i)(?<!\w)CHECK(?=\s*\()", name_check, rest)
        items.append(f"{cm.group(1)} {sqlite_type}{rest}")
    sql = "CREATE TABLE " + ("IF NOT EXISTS " if if_not_exists else "") + \
        f'"{table}" (' + ", ".join(items) + ")"
    return sql, info, if_not_exists


# --------------------------------------------------------------------------
# PostgreSQL-style errors
# --------------------------------------------------------------------------

def _pg_error(cls, message, **fields):
    e = cls(message)
    for k, v in fields.items():
        setattr(e, k, v)
    return e


def pg_text(value, pg_type):
    """A value as PostgreSQL's text output prints it (used in DETAIL lines)."""
    if value is None:
        return "null"
    if pg_type in ("boolean", "bool"):
        return "t" if value else "f"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, float):
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


class Session:
    """One asyncpg connection's view of a database."""

    def __init__(self, db):
        self.db = db
        self.con = db.open_session()
        self.in_txn = False
        self.failed = False
        self.savepoints = []
        self.closed = False

    def close(self):
        if not self.closed:
            if self.in_txn:
                try:
                    self.con.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            self.con.close()
            self.closed = True
            self.in_txn = False

    # ----------------------------------------------------------------------
    async def _sqlite(self, sql, params=()):
        """Run one SQLite statement, waiting (asynchronously) for the write lock."""
        while True:
            try:
                return self.con.execute(sql, params)
            except sqlite3.OperationalError as e:
                if "locked" in str(e) or "busy" in str(e):
                    await asyncio.sleep(0.001)
                    continue
                raise

    def _failed_txn_error(self):
        return _pg_error(
            exc.InFailedSQLTransactionError,
            "current transaction is aborted, commands ignored until end of transaction block")

    async def run(self, stmt, params):
        """Run one statement; return (column names, rows, command tag)."""
        words = first_words(stmt)
        w0 = words[0] if words else ""
        w1 = words[1] if len(words) > 1 else ""

        # ---- transaction control --------------------------------------
        if w0 in ("BEGIN", "START"):
            if not self.in_txn:
                await self._sqlite("BEGIN IMMEDIATE")
                self.in_txn, self.failed, self.savepoints = True, False, []
            return [], [], "BEGIN"
        if w0 in ("COMMIT", "END") or (w0 == "ROLLBACK" and w1 not in ("TO",)) or w0 == "ABORT":
            tag = "ROLLBACK" if (w0 in ("ROLLBACK", "ABORT") or self.failed) else "COMMIT"
            if self.in_txn:
                self.con.execute("ROLLBACK" if tag == "ROLLBACK" else "COMMIT")
            self.in_txn, self.failed, self.savepoints = False, False, []
            return [], [], tag
        if w0 == "ROLLBACK" and w1 == "TO":
            name = _ident(re.split(r"(?i)\bTO\s+(?:SAVEPOINT\s+)?", stmt, 1)[1])
            if not self.in_txn:
                raise _pg_error(exc.NoActiveSQLTransactionError,
                                "ROLLBACK TO SAVEPOINT can only be used in transaction blocks")
            self.con.execute(f'ROLLBACK TO "{name}"')
            self.failed = False
            if name in self.savepoints:
                del self.savepoints[self.savepoints.index(name) + 1:]
            return [], [], "ROLLBACK"
        if w0 in ("SAVEPOINT", "RELEASE"):
            name = _ident(re.split(r"(?i)^\s*(?:SAVEPOINT|RELEASE(?:\s+SAVEPOINT)?)\s+", stmt, 1)[1])
            if not self.in_txn:
                raise _pg_error(exc.NoActiveSQLTransactionError,
                                f"{w0} can only be used in transaction blocks")
            if self.failed:
                raise self._failed_txn_error()
            if w0 == "SAVEPOINT":
                self.con.execute(f'SAVEPOINT "{name}"')
                self.savepoints.append(name)
                return [], [], "SAVEPOINT"
            self.con.execute(f'RELEASE "{name}"')
            if name in self.savepoints:
                del self.savepoints[self.savepoints.index(name):]
            return [], [], "RELEASE"

        if self.failed:
            raise self._failed_txn_error()
        try:
            return await self._run_plain(stmt, params, w0, w1)
        except Exception:
            if self.in_txn:
                self.failed = True
            raise

    async def _run_plain(self, stmt, params, w0, w1):
        db = self.db
        # ---- DDL ----------------------------------------------------------
        if w0 == "CREATE" and w1 == "TABLE":
            rw = rewrite_create_table(stmt)
            if rw is None:
                raise _pg_error(exc.FeatureNotSupportedError,
                                "asyncpg stub: cannot parse this CREATE TABLE")
            sql, info, if_not_exists = rw
            exists = info.name in db.tables or self._table_exists(info.name)
            if exists:
                if if_not_exists:
                    return [], [], "CREATE TABLE"
                raise _pg_error(exc.DuplicateTableError,
                                f'relation "{info.name}" already exists')
            await self._exec(sql, (), stmt)
            db.tables[info.name] = info
            for col, _ in info.columns:
                db.sequences.pop(f"{info.name}_{col}_seq", None)
            self._make_triggers(info)
            return [], [], "CREATE TABLE"
        if w0 == "DROP" and w1 == "TABLE":
            m = re.match(r"(?is)^\s*DROP\s+TABLE\s+(IF\s+EXISTS\s+)?(.*?)(\s+(CASCADE|RESTRICT))?\s*$", stmt)
            names = _cols(m.group(2))
            for name in names:
                if not self._table_exists(name):
                    if m.group(1):
                        continue
                    raise _pg_error(exc.UndefinedTableError,
                                    f'table "{name}" does not exist')
            for name in names:
                if self._table_exists(name):
                    await self._exec(f'DROP TABLE "{name}"', (), stmt)
                    info = db.tables.pop(name, None)
                    for idx in [k for k, v in db.indexes.items() if v[0] == name]:
                        del db.indexes[idx]
                    if info:
                        for col, _ in info.columns:
                            db.sequences.pop(f"{name}_{col}_seq", None)
            return [], [], "DROP TABLE"
        if w0 == "CREATE" and (w1 == "INDEX" or (w1 == "UNIQUE" and first_words(stmt, 3)[2] == "INDEX")):
            m = re.match(r"(?is)^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\s+ON\s+(\w+)\s*\((.*)\)\s*$", stmt)
            await self._exec(stmt, (), stmt)
            if m and m.group(1):
                db.indexes[m.group(2).lower()] = (m.group(3).lower(), _cols(m.group(4)))
            return [], [], "CREATE INDEX"
        if w0 == "ALTER" and w1 == "TABLE":
            await self._exec(translate(stmt)[0], (), stmt)
            m = re.match(r"(?is)^\s*ALTER\s+TABLE\s+(\w+)", stmt)
            info = db.tables.get(m.group(1).lower()) if m else None
            if info is not None:
                known = dict(info.columns)
                info.columns = [(r[1].lower(), known.get(r[1].lower(), r[2].lower()))
                                for r in self.con.execute(f'PRAGMA table_info("{info.name}")')]
                self._make_triggers(info)
            return [], [], "ALTER TABLE"
        if w0 == "TRUNCATE":
            m = re.match(r"(?is)^\s*TRUNCATE\s+(?:TABLE\s+)?(.*?)(\s+(RESTART|CONTINUE)\s+IDENTITY)?(\s+CASCADE)?\s*$", stmt)
            for name in _cols(m.group(1)):
                if not self._table_exists(name):
                    raise _pg_error(exc.UndefinedTableError, f'relation "{name}" does not exist')
                await self._exec(f'DELETE FROM "{name}"', (), stmt)
                if m.group(3) and m.group(3).upper() == "RESTART" and name in db.tables:
                    for col, _ in db.tables[name].columns:
                        db.sequences.pop(f"{name}_{col}_seq", None)
            return [], [], "TRUNCATE TABLE"

        # ---- DML / queries -------------------------------------------------
        sql, cast_names = translate(stmt)
        cur = await self._exec(sql, params, stmt)
        cols, rows = [], []
        if cur.description is not None:
            cols = [pg_column_name(d[0], cast_names) for d in cur.description]
            rows = cur.fetchall()
        if w0 == "INSERT":
            n = len(rows) if cur.description is not None else cur.rowcount
            tag = f"INSERT 0 {n}"
        elif w0 in ("UPDATE", "DELETE"):
            n = len(rows) if cur.description is not None else cur.rowcount
            tag = f"{w0} {n}"
        elif w0 in ("SELECT", "WITH", "VALUES", "TABLE"):
            tag = f"SELECT {len(rows)}"
        else:
            tag = " ".join(first_words(stmt, 2)) if w0 in ("CREATE", "DROP", "ALTER") else w0
        return cols, rows, tag

    def _table_exists(self, name):
        row = self.con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)).fetchone()
        return row is not None

    def _make_triggers(self, info):
        for event in ("INSERT", "UPDATE"):
            trig = f"_pg_{event.lower()}_{info.name}"
            self.con.execute(f'DROP TRIGGER IF EXISTS "{trig}"')
            args = ", ".join(f'NEW."{c}"' for c, _ in info.columns)
            self.con.execute(
                f'CREATE TRIGGER "{trig}" BEFORE {event} ON "{info.name}" '
                f"BEGIN SELECT _pg_row('{info.name}', {args}); END")

    async def _exec(self, sql, params, original):
        self.db.last_row = None
        try:
            return await self._sqlite(sql, params)
        except sqlite3.Error as e:
            raise self._map_error(e, original) from None

    # ----------------------------------------------------------------------
    def _failing_row(self, table):
        info = self.db.tables.get(table)
        if info is None or self.db.last_row is None or self.db.last_row[0] != table:
            return None
        vals = self.db.last_row[1]
        return ", ".join(pg_text(v, t) for v, (_, t) in zip(vals, info.columns))

    def _key_detail(self, table, cols):
        info = self.db.tables.get(table)
        if info is None or self.db.last_row is None or self.db.last_row[0] != table:
            return None
        vals = dict(zip([c for c, _ in info.columns], self.db.last_row[1]))
        types = dict(info.columns)
        shown = ", ".join(pg_text(vals.get(c), types.get(c)) for c in cols)
        return f"Key ({', '.join(cols)})=({shown}) already exists."

    def _map_error(self, e, original):
        msg = str(e)
        words = first_words(original)
        if isinstance(e, sqlite3.ProgrammingError) and "number of bindings" in msg:
            n = max_param(original)
            return _pg_error(exc.UndefinedParameterError,
                             f"there is no parameter ${n}", sqlstate="42P02")
        m = re.match(r"NOT NULL constraint failed: (\w+)\.(\w+)$", msg)
        if m:
            table, col = m.group(1).lower(), m.group(2).lower()
            row = self._failing_row(table)
            return _pg_error(
                exc.NotNullViolationError,
                f'null value in column "{col}" of relation "{table}" violates not-null constraint',
                sqlstate="23502", schema_name="public", table_name=table, column_name=col,
                detail=None if row is None else f"Failing row contains ({row}).")
        m = re.match(r"UNIQUE constraint failed: (.*)$", msg)
        if m:
            pairs = [p.strip().split(".") for p in m.group(1).split(",")]
            table = pairs[0][0].lower()
            cols = [p[1].lower() for p in pairs]
            info = self.db.tables.get(table)
            name = None
            if info is not None:
                if info.pkey == cols:
                    name = f"{table}_pkey"
                for cname, ccols in info.uniques:
                    if name is None and ccols == cols:
                        name = cname
            for iname, (itable, icols) in self.db.indexes.items():
                if name is None and itable == table and icols == cols:
                    name = iname
            name = name or f"{table}_{'_'.join(cols)}_key"
            return _pg_error(
                exc.UniqueViolationError,
                f'duplicate key value violates unique constraint "{name}"',
                sqlstate="23505", schema_name="public", table_name=table,
                constraint_name=name, detail=self._key_detail(table, cols))
        m = re.match(r"CHECK constraint failed: (\w+)$", msg)
        if m:
            name = m.group(1)
            table = next((t for t, i in self.db.tables.items() if name in i.checks), None)
            row = self._failing_row(table) if table else None
            return _pg_error(
                exc.CheckViolationError,
                f'new row for relation "{table}" violates check constraint "{name}"',
                sqlstate="23514", schema_name="public", table_name=table,
                constraint_name=name,
                detail=None if row is None else f"Failing row contains ({row}).")
        if msg == "FOREIGN KEY constraint failed":
            return _pg_error(exc.ForeignKeyViolationError,
                             "foreign key violation (asyncpg stub: no detail)",
                             sqlstate="23503")
        m = re.match(r"no such table: (?:main\.)?(\w+)$", msg)
        if m:
            name = m.group(1).lower()
            if words[:2] == ["DROP", "TABLE"]:
                return _pg_error(exc.UndefinedTableError, f'table "{name}" does not exist',
                                 sqlstate="42P01")
            return _pg_error(exc.UndefinedTableError, f'relation "{name}" does not exist',
                             sqlstate="42P01")
        m = re.match(r"table \"?(\w+)\"? already exists$", msg)
        if m:
            return _pg_error(exc.DuplicateTableError,
                             f'relation "{m.group(1).lower()}" already exists', sqlstate="42P07")
        m = re.match(r"no such column: (.*)$", msg)
        if m:
            name = m.group(1)
            shown = name if "." in name else f'"{name}"'
            return _pg_error(exc.UndefinedColumnError, f"column {shown} does not exist",
                             sqlstate="42703")
        m = re.match(r'near "(.*)": syntax error$', msg)
        if m:
            return _pg_error(exc.PostgresSyntaxError,
                             f'syntax error at or near "{m.group(1)}"', sqlstate="42601")
        if msg == "incomplete input":
            return _pg_error(exc.PostgresSyntaxError, "syntax error at end of input",
                             sqlstate="42601")
        return _pg_error(exc.PostgresError, f"asyncpg stub: unmapped SQLite error: {msg}")

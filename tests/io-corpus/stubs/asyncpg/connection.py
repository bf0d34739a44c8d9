"""asyncpg.connection for the io-corpus stand-in: a Connection over SQLite.

Public API and messages follow asyncpg 0.32.0's connection.py:

* every method of a closed connection raises
  ``InterfaceError('connection is closed')``;
* starting an operation while another one is in flight on the same
  connection raises ``InterfaceError('cannot perform operation: another
  operation is in progress')``;
* a wrong number of arguments raises ``InterfaceError('the server expects 2
  arguments for this query, 1 was passed')`` with the HINT asyncpg adds;
* ``execute(query)`` without arguments may hold several statements and
  returns the status of the last one; with arguments, and in all fetch
  methods, only one statement is allowed;
* ``executemany`` is atomic and returns None;
* ``fetchval`` returns ``row[column]`` of the first row, or None.

Every operation gives control back to the event loop once (real asyncpg
waits for the server) before it runs.
"""

import asyncio
import urllib.parse

from . import _engine
from . import exceptions
from . import transaction
from ._record import Record

_uid = 0


class _Protocol:
    """The few bits of asyncpg's protocol object that transaction.py uses."""

    def __init__(self, con):
        self._con = con

    def is_in_transaction(self):
        s = self._con._session
        return s is not None and s.in_txn

    def is_connected(self):
        return not self._con._closed


class Connection:
    """A representation of a database session (asyncpg stand-in)."""

    def __init__(self, db):
        self._db = db
        self._session = _engine.Session(db)
        self._closed = False
        self._aborted = False
        self._protocol = _Protocol(self)
        self._top_xact = None
        self._pool_release_ctr = 0
        self._busy = False
        self._pool_holder = None
        self._proxy = None

    # ---------------------------------------------------------------- state
    def is_closed(self):
        return self._closed

    def _check_open(self):
        if self.is_closed():
            raise exceptions.InterfaceError('connection is closed')

    def is_in_transaction(self):
        return self._protocol.is_in_transaction()

    def get_server_version(self):
        from collections import namedtuple
        ServerVersion = namedtuple('ServerVersion', ['major', 'minor', 'micro', 'releaselevel', 'serial'])
        return ServerVersion(15, 0, 0, 'final', 0)

    def _get_unique_id(self, prefix):
        global _uid
        _uid += 1
        return '__asyncpg_{}_{:x}__'.format(prefix, _uid)

    def transaction(self, *, isolation=None, readonly=False, deferrable=False):
        self._check_open()
        return transaction.Transaction(self, isolation, readonly, deferrable)

    # ---------------------------------------------------------------- running
    async def _operation(self, fn):
        if self._busy:
            raise exceptions.InterfaceError(
                'cannot perform operation: another operation is in progress')
        self._busy = True
        try:
            await asyncio.sleep(0)
            if self._closed:
                raise exceptions.InterfaceError(
                    'cannot perform operation: connection is closed')
            return await fn()
        finally:
            self._busy = False

    @staticmethod
    def _check_args(query, args):
        expected = _engine.max_param(query)
        if expected != len(args):
            hint = 'Check the query against the passed list of arguments.'
            if expected == 0:
                hint += (r'  Note that parameters are supported only in'
                         r' SELECT, INSERT, UPDATE, DELETE, MERGE and VALUES'
                         r' statements, and will *not* work in statements '
                         r' like CREATE VIEW or DECLARE CURSOR.')
            raise exceptions.InterfaceError(
                'the server expects {x} argument{s} for this query, '
                '{y} {w} passed'.format(
                    x=expected, s='s' if expected != 1 else '',
                    y=len(args), w='was' if len(args) == 1 else 'were'),
                hint=hint)

    def _single(self, query):
        stmts = _engine.split_statements(query)
        if len(stmts) > 1:
            e = exceptions.PostgresSyntaxError(
                'cannot insert multiple commands into a prepared statement')
            e.sqlstate = '42601'
            raise e
        return stmts[0] if stmts else ''

    async def _prepared(self, query, args):
        self._check_args(query, args)
        stmt = self._single(query)
        if not stmt:
            return [], [], 'EMPTY'
        return await self._session.run(stmt, tuple(args))

    @staticmethod
    def _records(cols, rows, record_class=None):
        cls = record_class or Record
        keys = tuple(cols)
        mapping = {k: i for i, k in enumerate(keys)}  # a repeated name maps to its last column
        return [cls._make(keys, mapping, row) for row in rows]

    async def execute(self, query: str, *args, timeout=None) -> str:
        self._check_open()

        async def go():
            if args:
                _, _, tag = await self._prepared(query, args)
                return tag
            stmts = _engine.split_statements(query)
            s = self._session
            implicit = (len(stmts) > 1 and not s.in_txn and not any(
                _engine.first_words(x, 1)[:1] in (['BEGIN'], ['START'], ['COMMIT'], ['END'], ['ROLLBACK'])
                for x in stmts))
            tag = ''
            if implicit:
                await s.run('BEGIN', ())
            try:
                for stmt in stmts:
                    _, _, tag = await s.run(stmt, ())
            except BaseException:
                if implicit:
                    await s.run('ROLLBACK', ())
                raise
            if implicit:
                await s.run('COMMIT', ())
            return tag
        return await self._operation(go)

    async def executemany(self, command: str, args, *, timeout=None):
        self._check_open()

        async def go():
            s = self._session
            implicit = not s.in_txn
            stmt = self._single(command)
            if implicit:
                await s.run('BEGIN', ())
            try:
                for one in args:
                    self._check_args(command, tuple(one))
                    await s.run(stmt, tuple(one))
            except BaseException:
                if implicit:
                    await s.run('ROLLBACK', ())
                raise
            if implicit:
                await s.run('COMMIT', ())
            return None
        return await self._operation(go)

    async def fetch(self, query, *args, timeout=None, record_class=None) -> list:
        self._check_open()

        async def go():
            cols, rows, _ = await self._prepared(query, args)
            return self._records(cols, rows, record_class)
        return await self._operation(go)

    async def fetchval(self, query, *args, column=0, timeout=None):
        self._check_open()

        async def go():
            cols, rows, _ = await self._prepared(query, args)
            if not rows:
                return None
            return self._records(cols, rows[:1])[0][column]
        return await self._operation(go)

    async def fetchrow(self, query, *args, timeout=None, record_class=None):
        self._check_open()

        async def go():
            cols, rows, _ = await self._prepared(query, args)
            if not rows:
                return None
            return self._records(cols, rows[:1], record_class)[0]
        return await self._operation(go)

    async def fetchmany(self, query, args, *, timeout=None, record_class=None):
        self._check_open()

        async def go():
            out = []
            for one in args:
                cols, rows, _ = await self._prepared(query, tuple(one))
                out.extend(self._records(cols, rows, record_class))
            return out
        return await self._operation(go)

    # ---------------------------------------------------------------- closing
    async def close(self, *, timeout=None):
        if not self.is_closed():
            await asyncio.sleep(0)
        self._cleanup()

    def terminate(self):
        self._aborted = True
        self._cleanup()

    def _cleanup(self):
        if not self._closed:
            self._closed = True
            self._session.close()
        if self._pool_holder is not None:
            holder, self._pool_holder = self._pool_holder, None
            if holder._con is self:
                holder._release_on_close()

    # ---------------------------------------------------------------- pool support
    async def _reset(self):
        self._check_open()
        if self._protocol.is_in_transaction() or self._top_xact is not None:
            if self._top_xact is None or not self._top_xact._managed:
                asyncio.get_running_loop().call_exception_handler({
                    'message': 'Resetting connection with an '
                               'active transaction {!r}'.format(self)
                })
            self._top_xact = None
            await self.execute("ROLLBACK")

    async def reset(self, *, timeout=None):
        await self._reset()

    def _on_release(self, stacklevel=1):
        self._pool_release_ctr += 1

    def _set_proxy(self, proxy):
        self._proxy = proxy


def _database_from(dsn, kwargs):
    if kwargs.get('database'):
        return kwargs['database']
    if dsn:
        path = urllib.parse.urlparse(dsn).path.lstrip('/')
        if path:
            return urllib.parse.unquote(path)
    return kwargs.get('user') or 'postgres'


async def connect(dsn=None, *, connection_class=Connection, record_class=Record, **kwargs):
    """Open a connection to the (SQLite-backed) database named by `database=`."""
    await asyncio.sleep(0)
    return connection_class(_engine.database(_database_from(dsn, kwargs)))

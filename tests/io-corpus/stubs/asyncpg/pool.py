"""asyncpg.pool for the io-corpus stand-in.

A trimmed port of asyncpg 0.32.0's pool.py, keeping what a program can
observe:

* ``max_size`` connection holders in a LIFO queue that prefers holders that
  are already connected; ``init_size`` (default: ``min_size``) of them are
  connected when the pool is initialised, the rest on first use;
* ``get_size()`` counts connected holders, ``get_idle_size()`` connected
  holders not in use; ``get_min_size()``, ``get_max_size()``,
  ``get_init_size()``, ``is_closing()``;
* ``acquire()`` is an async context manager or an awaitable; it waits when
  all ``max_size`` connections are in use;
* a released proxy raises ``InterfaceError('cannot call
  Connection.fetchval(): connection has been released back to the pool')``;
  releasing an already released connection does nothing (as in asyncpg);
* releasing resets the connection: an open transaction is rolled back;
* after ``close()``: ``InterfaceError('pool is closed')``; during it:
  ``InterfaceError('pool is closing')``;
* ``pool.execute/executemany/fetch/fetchrow/fetchval/fetchmany`` acquire a
  connection for one call.

Not ported: the inactive-connection timer (300 s), ``max_queries``,
``setup``/``init``/``reset`` callbacks, ``expire_connections``.
"""

import asyncio
import functools
import inspect

from . import connection
from . import exceptions
from ._record import Record


class _PoolConnectionHolderQueue(asyncio.LifoQueue):
    """Prefer live connections, with LIFO ordering within each group."""

    def _get(self):
        for i in range(len(self._queue) - 1, -1, -1):
            if self._queue[i].is_connected():
                return self._queue.pop(i)
        return super()._get()


def _wrap_connection_method(meth_name):
    meth = getattr(connection.Connection, meth_name)

    if inspect.iscoroutinefunction(meth):
        async def call_con_method(self, *args, **kwargs):
            if self._con is None:
                raise exceptions.InterfaceError(
                    'cannot call Connection.{}(): '
                    'connection has been released back to the pool'.format(meth_name))
            return await meth(self._con, *args, **kwargs)
    else:
        def call_con_method(self, *args, **kwargs):
            if self._con is None:
                raise exceptions.InterfaceError(
                    'cannot call Connection.{}(): '
                    'connection has been released back to the pool'.format(meth_name))
            return meth(self._con, *args, **kwargs)
    return functools.update_wrapper(call_con_method, meth)


class PoolConnectionProxy:
    __slots__ = ('_con', '_holder')

    def __init__(self, holder, con):
        self._con = con
        self._holder = holder
        con._set_proxy(self)

    def __getattr__(self, attr):
        return getattr(self._con, attr)

    def _detach(self):
        if self._con is None:
            return None
        con, self._con = self._con, None
        con._set_proxy(None)
        return con

    def __repr__(self):
        if self._con is None:
            return '<{classname} [released] {id:#x}>'.format(
                classname=self.__class__.__name__, id=id(self))
        return '<{classname} {con!r} {id:#x}>'.format(
            classname=self.__class__.__name__, con=self._con, id=id(self))


for _name, _value in list(vars(connection.Connection).items()):
    if _name.startswith('_') or not inspect.isfunction(_value):
        continue
    setattr(PoolConnectionProxy, _name, _wrap_connection_method(_name))


class PoolConnectionHolder:

    def __init__(self, pool):
        self._pool = pool
        self._con = None
        self._proxy = None
        self._in_use = None
        self._timeout = None

    def is_connected(self):
        return self._con is not None and not self._con.is_closed()

    def is_idle(self):
        return not self._in_use

    async def connect(self):
        con = await self._pool._get_new_connection()
        if self._pool.is_closing():
            await con.close()
            raise exceptions.InterfaceError('pool is closing')
        self._con = con
        con._pool_holder = self

    async def acquire(self):
        if self._con is None or self._con.is_closed():
            self._con = None
            await self.connect()
        self._proxy = proxy = PoolConnectionProxy(self, self._con)
        self._in_use = self._pool._loop.create_future()
        return proxy

    async def release(self, timeout):
        if self._con.is_closed():
            self._con.terminate()
            return
        try:
            await self._con.reset(timeout=timeout)
        except (Exception, asyncio.CancelledError):
            if self._con is not None:
                self._con.terminate()
            raise
        self._release()

    async def wait_until_released(self):
        if self._in_use is not None:
            await self._in_use

    async def close(self):
        if self._con is not None:
            await self._con.close()

    def terminate(self):
        if self._con is not None:
            self._con.terminate()

    def _release_on_close(self):
        self._release()
        self._con = None

    def _release(self):
        if self._in_use is None:
            return
        if not self._in_use.done():
            self._in_use.set_result(None)
        self._in_use = None
        if self._proxy is not None:
            self._proxy._detach()
            self._proxy = None
        self._pool._queue.put_nowait(self)


class Pool:
    """A connection pool (asyncpg stand-in)."""

    def __init__(self, *connect_args, init_size=None, min_size, max_size,
                 max_queries, max_inactive_connection_lifetime, connect=None,
                 setup=None, init=None, reset=None, loop=None,
                 connection_class=connection.Connection, record_class=Record,
                 **connect_kwargs):
        if loop is None:
            loop = asyncio.get_event_loop()
        self._loop = loop
        if max_size <= 0:
            raise ValueError('max_size is expected to be greater than zero')
        if min_size < 0:
            raise ValueError('min_size is expected to be greater or equal to zero')
        if min_size > max_size:
            raise ValueError('min_size is greater than max_size')
        if init_size is None:
            init_size = min_size
        if init_size < 0:
            raise ValueError('init_size is expected to be greater or equal to zero')
        if init_size > max_size:
            raise ValueError('init_size is greater than max_size')
        if init_size < min_size:
            raise ValueError('init_size is smaller than min_size')
        self._initsize = init_size
        self._minsize = min_size
        self._maxsize = max_size
        self._holders = []
        self._initialized = False
        self._initializing = False
        self._queue = None
        self._closing = False
        self._closed = False
        self._connect_args = connect_args
        self._connect_kwargs = connect_kwargs
        self._connection_class = connection_class
        self._record_class = record_class

    async def _async__init__(self):
        if self._initialized:
            return self
        if self._initializing:
            raise exceptions.InterfaceError('pool is being initialized in another task')
        if self._closed:
            raise exceptions.InterfaceError('pool is closed')
        self._initializing = True
        try:
            await self._initialize()
            return self
        finally:
            self._initializing = False
            self._initialized = True

    async def _initialize(self):
        self._queue = _PoolConnectionHolderQueue(maxsize=self._maxsize)
        for _ in range(self._maxsize):
            ch = PoolConnectionHolder(self)
            self._holders.append(ch)
            self._queue.put_nowait(ch)
        if self._initsize:
            first_ch = self._holders[-1]
            await first_ch.connect()
            if self._initsize > 1:
                connect_tasks = []
                for i, ch in enumerate(reversed(self._holders[:-1])):
                    if i >= self._initsize - 1:
                        break
                    connect_tasks.append(ch.connect())
                await asyncio.gather(*connect_tasks)

    async def _get_new_connection(self):
        return await connection.connect(
            *self._connect_args, connection_class=self._connection_class,
            record_class=self._record_class, **self._connect_kwargs)

    # ---------------------------------------------------------------- sizes
    def is_closing(self):
        return self._closed or self._closing

    def get_size(self):
        return sum(h.is_connected() for h in self._holders)

    def get_init_size(self):
        return self._initsize

    def get_min_size(self):
        return self._minsize

    def get_max_size(self):
        return self._maxsize

    def get_idle_size(self):
        return sum(h.is_connected() and h.is_idle() for h in self._holders)

    # ---------------------------------------------------------------- shortcuts
    async def execute(self, query, *args, timeout=None):
        async with self.acquire() as con:
            return await con.execute(query, *args, timeout=timeout)

    async def executemany(self, command, args, *, timeout=None):
        async with self.acquire() as con:
            return await con.executemany(command, args, timeout=timeout)

    async def fetch(self, query, *args, timeout=None, record_class=None):
        async with self.acquire() as con:
            return await con.fetch(query, *args, timeout=timeout, record_class=record_class)

    async def fetchval(self, query, *args, column=0, timeout=None):
        async with self.acquire() as con:
            return await con.fetchval(query, *args, column=column, timeout=timeout)

    async def fetchrow(self, query, *args, timeout=None, record_class=None):
        async with self.acquire() as con:
            return await con.fetchrow(query, *args, timeout=timeout, record_class=record_class)

    async def fetchmany(self, query, args, *, timeout=None, record_class=None):
        async with self.acquire() as con:
            return await con.fetchmany(query, args, timeout=timeout, record_class=record_class)

    # ---------------------------------------------------------------- acquire/release
    def acquire(self, *, timeout=None):
        return PoolAcquireContext(self, timeout)

    async def _acquire(self, timeout):
        async def _acquire_impl():
            ch = await self._queue.get()
            try:
                proxy = await ch.acquire()
            except (Exception, asyncio.CancelledError):
                self._queue.put_nowait(ch)
                raise
            else:
                ch._timeout = timeout
                return proxy

        if self._closing:
            raise exceptions.InterfaceError('pool is closing')
        self._check_init()
        if timeout is None:
            return await _acquire_impl()
        return await asyncio.wait_for(_acquire_impl(), timeout=timeout)

    async def release(self, connection, *, timeout=None):
        if (type(connection) is not PoolConnectionProxy or
                connection._holder._pool is not self):
            raise exceptions.InterfaceError(
                'Pool.release() received invalid connection: '
                '{connection!r} is not a member of this pool'.format(
                    connection=connection))
        if connection._con is None:
            # Already released, do nothing.
            return
        self._check_init()
        connection._con._on_release()
        ch = connection._holder
        if timeout is None:
            timeout = ch._timeout
        return await asyncio.shield(ch.release(timeout))

    async def close(self):
        if self._closed:
            return
        self._check_init()
        self._closing = True
        try:
            await asyncio.gather(*[ch.wait_until_released() for ch in self._holders])
            await asyncio.gather(*[ch.close() for ch in self._holders])
        except (Exception, asyncio.CancelledError):
            self.terminate()
            raise
        finally:
            self._closed = True
            self._closing = False

    def terminate(self):
        if self._closed:
            return
        self._check_init()
        self._closed = True
        for ch in self._holders:
            ch.terminate()

    def _check_init(self):
        if not self._initialized:
            if self._initializing:
                raise exceptions.InterfaceError(
                    'pool is being initialized, but not yet ready: '
                    'likely there is a race between creating a pool and '
                    'using it')
            raise exceptions.InterfaceError('pool is not initialized')
        if self._closed:
            raise exceptions.InterfaceError('pool is closed')

    def __await__(self):
        return self._async__init__().__await__()

    async def __aenter__(self):
        await self._async__init__()
        return self

    async def __aexit__(self, *exc):
        await self.close()


class PoolAcquireContext:

    __slots__ = ('timeout', 'connection', 'done', 'pool')

    def __init__(self, pool, timeout):
        self.pool = pool
        self.timeout = timeout
        self.connection = None
        self.done = False

    async def __aenter__(self):
        if self.connection is not None or self.done:
            raise exceptions.InterfaceError('a connection is already acquired')
        self.connection = await self.pool._acquire(self.timeout)
        return self.connection

    async def __aexit__(self, exc_type=None, exc_val=None, exc_tb=None):
        self.done = True
        con = self.connection
        self.connection = None
        await self.pool.release(con)

    def __await__(self):
        self.done = True
        return self.pool._acquire(self.timeout).__await__()


def create_pool(dsn=None, *, init_size=None, min_size=10, max_size=10,
                max_queries=50000, max_inactive_connection_lifetime=300.0,
                connect=None, setup=None, init=None, reset=None, loop=None,
                connection_class=connection.Connection, record_class=Record,
                **connect_kwargs):
    return Pool(dsn, init_size=init_size, min_size=min_size, max_size=max_size,
                max_queries=max_queries,
                max_inactive_connection_lifetime=max_inactive_connection_lifetime,
                connect=connect, setup=setup, init=init, reset=reset, loop=loop,
                connection_class=connection_class, record_class=record_class,
                **connect_kwargs)

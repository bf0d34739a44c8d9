"""asyncpg stand-in for the Looplab io-corpus: asyncpg's API over SQLite.

CPython has no PostgreSQL server in the corpus harness, so this package
imitates asyncpg 0.32.0 talking to PostgreSQL 15, on top of the stdlib
``sqlite3``. See tests/io-corpus/README.md for what it imitates and what it
does not. Layout follows the real package:

    asyncpg.connect / asyncpg.connection.Connection   connection.py
    asyncpg.create_pool / asyncpg.pool.Pool           pool.py
    asyncpg.transaction.Transaction                   transaction.py (vendored)
    asyncpg.exceptions.*                              exceptions/ (vendored)
    asyncpg.Record                                    _record.py
    SQL translation, PostgreSQL errors                _engine.py
"""

from .connection import connect, Connection  # NOQA
from .exceptions import *  # NOQA
from .pool import create_pool, Pool  # NOQA
from ._record import Record  # NOQA

from . import exceptions

__version__ = '0.32.0'
__looplab_stub__ = True

__all__ = (
    'connect', 'create_pool', 'Pool', 'Record', 'Connection'
)
__all__ += exceptions.__all__  # NOQA

"""logging: basicConfig, getLogger, info/warning/error/debug go to stderr (only stdout is compared)."""
import asyncio
import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("app")
db_log = logging.getLogger("app.db")


async def query(sql, delay):
    db_log.info("running %s", sql)
    await asyncio.sleep(delay)
    if "DROP" in sql:
        db_log.error("refusing %r", sql)
        raise PermissionError(sql)
    db_log.debug("not shown at INFO level")
    return len(sql)


async def main():
    log.info("starting")
    print("logger names:", log.name, db_log.name, db_log.parent.name)
    print("levels:", logging.getLevelName(log.getEffectiveLevel()), logging.INFO, logging.WARNING)
    print("enabled:", log.isEnabledFor(logging.DEBUG), log.isEnabledFor(logging.ERROR))
    for sql, delay in [("SELECT 1", 0.5), ("DROP TABLE x", 0.25), ("UPDATE t", 1.0)]:
        try:
            n = await query(sql, delay)
            print(f"{asyncio.get_running_loop().time():.2f} ok {sql} -> {n}")
        except PermissionError as e:
            log.warning("query failed: %s", e)
            print(f"{asyncio.get_running_loop().time():.2f} failed {e!r}")
    log.error("finished with %d errors", 1)
    print("done")


asyncio.run(main())

# logging to stdout with a format
import logging
import sys

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("app")
log.debug("hidden")
log.info("started with %d workers", 3)
log.warning("disk at %s%%", 91)
logging.getLogger("app.db").error("connection lost")
try:
    1 / 0
except ZeroDivisionError as e:
    log.error("math failed: %s", e)
log.critical("done, %s and %r", "str", "repr")

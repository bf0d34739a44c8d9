"""aiofiles.os: the os calls Looplab's aiofiles.os has, one file wait each."""
import os as _os

from . import _costed
from . import ospath as path  # noqa: F401  (aiofiles.os.path)

for _name in ("stat", "listdir", "remove", "unlink", "rmdir", "rename", "replace",
              "mkdir", "makedirs"):
    globals()[_name] = _costed.wrap(getattr(_os, _name))

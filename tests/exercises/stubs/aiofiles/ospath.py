"""aiofiles.ospath (also aiofiles.os.path): one file wait each."""
import os.path as _path

from . import _costed

exists = _costed.wrap(_path.exists)
isfile = _costed.wrap(_path.isfile)
isdir = _costed.wrap(_path.isdir)
getsize = _costed.wrap(_path.getsize)

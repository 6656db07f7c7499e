"""NumPy, imported the first time one of its names is used.

Importing NumPy is most of a short ``commonground pb compute`` run's CPU: about 75 ms of
130 ms on the two-core development machine, against about 20 ms to read and count a 30,000-voter
choose-1 file.  The reader and the greedy rules need no array for such a file, so the modules
they share with the array code (:mod:`.election`, :mod:`.pabulib`, :mod:`.rules`) take NumPy
from here: the standard library's :class:`importlib.util.LazyLoader` runs NumPy's own import
at the first attribute looked up (``np.asarray``…), and never if none is.

A process that has imported NumPy already (the web app, the tests) gets that module itself.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """``name``'s module, loaded on first attribute access (the module itself if loaded)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


np = lazy_module("numpy")

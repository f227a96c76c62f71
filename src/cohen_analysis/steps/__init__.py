"""Step modules, one per topic, each with its declarations in <topic>.yaml beside it. Importing this package registers every step."""

import importlib
import pkgutil

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

import missing_bare  # type: ignore
import missing_mypy_code  # type: ignore[import-not-found]
import missing_our_code  # type: ignore[unresolved-import]
import missing_gradus  # gradus: ignore[unresolved-import]
from missing_multi_line import (  # type: ignore
    first,
    second,
)
from missing_last_line import (
    third,
)  # gradus: ignore[unresolved-import]

import os  # type: ignore
import sys  # gradus: ignore[unresolved-import, no-such-rule]
import missing_partly  # type: ignore[import, unused-ignore]

print(os, sys, first, second, third)

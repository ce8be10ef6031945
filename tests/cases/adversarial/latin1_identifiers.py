# -*- coding: latin-1 -*-
café = "naïve"
import missing_after  # E: [unresolved-import]

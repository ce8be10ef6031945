# -*- coding: utf-8 -*-
import missing_after  # E: [unresolved-import]
x = (1,
     2)

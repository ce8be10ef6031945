# -*- coding: latin-1 -*-
"""A latin-1 file: the é below is one byte on disk."""

name = "café"
import missing_after_latin1  # E: [unresolved-import]

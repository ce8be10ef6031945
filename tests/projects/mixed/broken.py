import os

def broken(:
    return 1

import pkg.util

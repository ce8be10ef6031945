import os.path
import sys
import typing
from collections import abc
import typed_lib

print(os.path.join("a", "b"), sys.argv, typing.Any, abc.Sized, typed_lib)

from .core import run

run(1)

"""A tiny package: geometry helpers with type annotations."""

from .area import area_of, Shape
from .report import describe

__all__ = ["Shape", "area_of", "describe"]

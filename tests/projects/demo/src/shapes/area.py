import math
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Shape:
    kind: Literal["circle", "square"]
    size: float


def area_of(shape: Shape) -> float:
    if shape.kind == "circle":
        return math.pi * shape.size**2
    return shape.size * shape.size

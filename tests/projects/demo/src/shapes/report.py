from collections.abc import Iterable

from .area import Shape, area_of


def describe(shapes: Iterable[Shape]) -> str:
    lines = [f"{s.kind} of size {s.size}: {area_of(s):.2f}" for s in shapes]
    return "\n".join(lines)

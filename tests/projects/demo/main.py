from shapes import Shape, describe

print(describe([Shape("circle", 1.0), Shape("square", 2.0)]))

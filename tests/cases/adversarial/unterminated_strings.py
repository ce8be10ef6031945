import missing_after  # E: [unresolved-import]
# E: [invalid-syntax]
x = "never closed
# E: [invalid-syntax]
y = f"{1 +

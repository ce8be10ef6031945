import missing_after  # E: [unresolved-import]
# E: [invalid-syntax]
x = """never closed
y = 1

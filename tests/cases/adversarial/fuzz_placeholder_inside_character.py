x = 0  # E: [invalid-syntax] "not valid UTF-8"
for i in range(3):
# E: [invalid-syntax]
    reveal_type(i)
import missing_after  # E: [unresolved-import]

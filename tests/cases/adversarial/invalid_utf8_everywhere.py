x = 0  # E: [invalid-syntax] "not valid UTF-8"
# E?: [invalid-syntax]
x = 1ÿş
# E: [invalid-syntax]
nameÃ = 2
import missing_after  # E: [unresolved-import]

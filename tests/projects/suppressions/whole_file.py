# The typing spec's whole-file form: nothing below is reported.
# type: ignore

import missing_anything

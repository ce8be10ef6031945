# A UTF-8 file with a BOM and CRLF line endings.
if True:
    x = "été"
else:
    x = ""
import missing_after_bom  # E: [unresolved-import]

# vim: set fileencoding=cp1252 :
# cp1252 maps 0x80 to the euro sign.
price = "100 €"
import missing_after_cp1252  # E: [unresolved-import]

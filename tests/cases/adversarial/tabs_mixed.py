if x:  # E: [unresolved-reference]
	if y:  # E: [unresolved-reference]
	        a = 1
        	b = 2
import missing_after  # E: [unresolved-import]

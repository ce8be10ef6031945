# type: ignore

import os

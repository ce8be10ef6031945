import json
import does_not_exist
from pkg import util

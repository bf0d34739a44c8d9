# importing a package that is not installed
try:
    import requests_that_do_not_exist
except ImportError as e:
    print(type(e).__name__, e)
print("continuing")
import numpy_missing_here

# raising an ExceptionGroup nobody catches
errors = []
for value in ["1", "x", "3", "y"]:
    try:
        int(value)
    except ValueError as e:
        errors.append(e)
print("collected", len(errors), "errors")
raise ExceptionGroup("bad input", errors)

# close() raises GeneratorExit inside the generator
def worker():
    print("started")
    try:
        while True:
            job = yield
            print("doing", job)
    except GeneratorExit:
        print("told to stop")
        raise
    finally:
        print("cleanup")


w = worker()
next(w)
w.send("dishes")
w.send("laundry")
w.close()
print("closed")
w.close()
print("closing again is fine")

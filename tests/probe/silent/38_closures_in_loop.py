# functions created in a loop share the loop variable
callbacks = []
for i in range(3):
    def cb():
        return i
    callbacks.append(cb)
print([cb() for cb in callbacks])

callbacks = []
for i in range(3):
    def make(n):
        def cb():
            return n
        return cb
    callbacks.append(make(i))
print([cb() for cb in callbacks])

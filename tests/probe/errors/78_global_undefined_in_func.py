# reading a variable defined later
def show():
    print(message)


try:
    show()
except NameError as e:
    print("NameError:", e)
message = "now defined"
show()
del message
show()

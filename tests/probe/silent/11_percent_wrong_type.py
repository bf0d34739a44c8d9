# %d given a string
age = input_value = "thirty"
print("start")
print("You are %d years old" % age)

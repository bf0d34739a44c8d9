# __name__ and __file__ of the main program
import os

print(__name__)
print(os.path.basename(__file__))
print(__file__.endswith(".py"))
if __name__ == "__main__":
    print("running as a script")

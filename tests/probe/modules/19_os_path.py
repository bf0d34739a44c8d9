# os.path string helpers
import os.path

path = "/var/log/app/server.log"
print(os.path.basename(path), os.path.dirname(path))
print(os.path.split(path), os.path.splitext(path))
print(os.path.join("/var", "log", "x.txt"), os.path.join("a", "/abs", "b"))
print(os.path.normpath("a/./b/../c//d"), os.path.isabs(path))
print(os.path.splitext("archive.tar.gz"), os.path.splitext(".bashrc"))

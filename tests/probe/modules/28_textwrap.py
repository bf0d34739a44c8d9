# wrapping and indenting text
import textwrap

text = "Python is a programming language that lets you work quickly and integrate systems more effectively."
print(textwrap.fill(text, width=30))
print(textwrap.wrap(text, 40))
print(textwrap.shorten(text, width=40, placeholder="..."))
print(textwrap.indent("a\nb\n\nc", "> "))
code = """
    def f():
        return 1
"""
print(textwrap.dedent(code).strip())

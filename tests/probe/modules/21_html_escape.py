# escaping and unescaping HTML
import html

comment = '<script>alert("hi")</script> & more'
safe = html.escape(comment)
print(safe)
print(html.escape("it's", quote=False), html.escape("it's"))
print(html.unescape(safe))
print(html.unescape("&copy; 2024 &mdash; caf&eacute; &#65;&#x42;"))

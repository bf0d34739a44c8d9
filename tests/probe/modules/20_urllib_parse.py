# parsing and building URLs
from urllib.parse import urlparse, parse_qs, urlencode, quote, unquote, urljoin

u = urlparse("https://user@example.com:8080/path/to/page?q=python+async&page=2#top")
print(u.scheme, u.netloc, u.hostname, u.port, u.path, u.query, u.fragment)
print(parse_qs(u.query))
print(urlencode({"q": "a b&c", "n": 3}))
print(quote("hello world/ü"), quote("a/b", safe=""), unquote("%7Euser%20name"))
print(urljoin("https://x.com/a/b", "c"), urljoin("https://x.com/a/b", "/root"))
print(u._replace(fragment="").geturl())

"""urllib.parse: splitting, joining and quoting URLs as CPython 3.11 does.

Looplab's own module, written in the Python Looplab runs. Covers `urlparse`
and `urlsplit` (named-tuple results with `hostname`, `port`, `username`,
`password` and `geturl()`), `urlunparse`, `urlunsplit`, `urljoin`,
`urldefrag`, `urlencode` (with `doseq`), `quote`, `quote_plus`, `unquote`,
`unquote_plus` (with `safe`), `parse_qs` and `parse_qsl`.

Left out: bytes URLs and the `*Bytes` results, `encoding`/`errors`
arguments (always UTF-8), `max_num_fields`, `quote_from_bytes`, IPv6
scope ids, and the legacy `splittype`-style helpers.
"""

from collections import namedtuple

_ALWAYS_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_SCHEME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."
uses_relative = ["", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss"]
uses_netloc = ["", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss"]
uses_params = ["", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel"]


class _NetlocMixin:
    __slots__ = ()

    @property
    def username(self):
        userinfo, have_info, hostinfo = self.netloc.rpartition("@")
        if have_info:
            username, have_password, password = userinfo.partition(":")
            return username
        return None

    @property
    def password(self):
        userinfo, have_info, hostinfo = self.netloc.rpartition("@")
        if have_info:
            username, have_password, password = userinfo.partition(":")
            if have_password:
                return password
        return None

    def _hostinfo(self):
        netloc = self.netloc
        _, _, hostinfo = netloc.rpartition("@")
        _, have_open_br, bracketed = hostinfo.partition("[")
        if have_open_br:
            hostname, _, port = bracketed.partition("]")
            _, _, port = port.partition(":")
        else:
            hostname, _, port = hostinfo.partition(":")
        if not port:
            port = None
        return hostname, port

    @property
    def hostname(self):
        hostname, _ = self._hostinfo()
        if not hostname:
            return None
        return hostname.lower()

    @property
    def port(self):
        _, port = self._hostinfo()
        if port is not None:
            if port.isdigit() and port.isascii():
                port = int(port)
            else:
                raise ValueError(f"Port could not be cast to integer value as {port!r}")
            if not (0 <= port <= 65535):
                raise ValueError("Port out of range 0-65535")
        return port


class SplitResult(namedtuple("SplitResult", "scheme netloc path query fragment"), _NetlocMixin):
    __slots__ = ()

    def geturl(self):
        return urlunsplit(self)


class ParseResult(namedtuple("ParseResult", "scheme netloc path params query fragment"), _NetlocMixin):
    __slots__ = ()

    def geturl(self):
        return urlunparse(self)


class DefragResult(namedtuple("DefragResult", "url fragment")):
    __slots__ = ()

    def geturl(self):
        if self.fragment:
            return self.url + "#" + self.fragment
        return self.url


def _splitnetloc(url, start=0):
    delim = len(url)
    for c in "/?#":
        wdelim = url.find(c, start)
        if wdelim >= 0:
            delim = min(delim, wdelim)
    return url[start:delim], url[delim:]


def urlsplit(url, scheme="", allow_fragments=True):
    url = url.lstrip(" \t\n\r\x0b\x0c\x00")
    scheme = scheme.strip(" \t\n\r\x0b\x0c\x00")
    for b in "\t\r\n":
        url = url.replace(b, "")
        scheme = scheme.replace(b, "")
    netloc = query = fragment = ""
    i = url.find(":")
    if i > 0 and url[0].isascii() and url[0].isalpha():
        ok = True
        for c in url[:i]:
            if c not in _SCHEME_CHARS:
                ok = False
                break
        if ok:
            scheme, url = url[:i].lower(), url[i + 1:]
    if url[:2] == "//":
        netloc, url = _splitnetloc(url, 2)
        if ("[" in netloc and "]" not in netloc) or ("]" in netloc and "[" not in netloc):
            raise ValueError("Invalid IPv6 URL")
    if allow_fragments and "#" in url:
        url, fragment = url.split("#", 1)
    if "?" in url:
        url, query = url.split("?", 1)
    return SplitResult(scheme, netloc, url, query, fragment)


def _splitparams(url):
    if "/" in url:
        i = url.find(";", url.rfind("/"))
        if i < 0:
            return url, ""
    else:
        i = url.find(";")
    return url[:i], url[i + 1:]


def urlparse(url, scheme="", allow_fragments=True):
    scheme, netloc, url, query, fragment = urlsplit(url, scheme, allow_fragments)
    if scheme in uses_params and ";" in url:
        url, params = _splitparams(url)
    else:
        params = ""
    return ParseResult(scheme, netloc, url, params, query, fragment)


def urlunsplit(components):
    scheme, netloc, url, query, fragment = components
    if netloc or (scheme and scheme in uses_netloc and url[:2] != "//"):
        if url and url[:1] != "/":
            url = "/" + url
        url = "//" + (netloc or "") + url
    if scheme:
        url = scheme + ":" + url
    if query:
        url = url + "?" + query
    if fragment:
        url = url + "#" + fragment
    return url


def urlunparse(components):
    scheme, netloc, url, params, query, fragment = components
    if params:
        url = "%s;%s" % (url, params)
    return urlunsplit((scheme, netloc, url, query, fragment))


def urldefrag(url):
    if "#" in url:
        s, n, p, a, q, frag = urlparse(url)
        defrag = urlunparse((s, n, p, a, q, ""))
    else:
        frag = ""
        defrag = url
    return DefragResult(defrag, frag)


def urljoin(base, url, allow_fragments=True):
    if not base:
        return url
    if not url:
        return base
    bscheme, bnetloc, bpath, bparams, bquery, bfragment = urlparse(base, "", allow_fragments)
    scheme, netloc, path, params, query, fragment = urlparse(url, bscheme, allow_fragments)
    if not scheme:
        scheme = bscheme
    if scheme != bscheme or scheme not in uses_relative:
        return url
    if scheme in uses_netloc:
        if netloc:
            return urlunparse((scheme, netloc, path, params, query, fragment))
        netloc = bnetloc
    if not path and not params:
        path = bpath
        params = bparams
        if not query:
            query = bquery
        return urlunparse((scheme, netloc, path, params, query, fragment))
    base_parts = bpath.split("/")
    if base_parts[-1] != "":
        del base_parts[-1]
    if path[:1] == "/":
        segments = path.split("/")
    else:
        segments = base_parts + path.split("/")
        segments[1:-1] = [s for s in segments[1:-1] if s]
    resolved_path = []
    for seg in segments:
        if seg == "..":
            if resolved_path:
                resolved_path.pop()
        elif seg == ".":
            continue
        else:
            resolved_path.append(seg)
    if segments[-1] in (".", ".."):
        resolved_path.append("")
    return urlunparse((scheme, netloc, "/".join(resolved_path) or "/", params, query, fragment))


def quote(string, safe="/", encoding=None, errors=None):
    if isinstance(string, str):
        if not string:
            return string
        data = string.encode(encoding or "utf-8")
    elif isinstance(string, (bytes, bytearray)):
        data = string
    else:
        raise TypeError("quote() doesn't support '%s' objects" % type(string).__name__)
    if isinstance(safe, str):
        safe_set = _ALWAYS_SAFE | frozenset(c for c in safe if ord(c) < 128)
    else:
        safe_set = _ALWAYS_SAFE | frozenset(chr(b) for b in safe if b < 128)
    out = []
    for b in data:
        c = chr(b)
        if b < 128 and c in safe_set:
            out.append(c)
        else:
            out.append("%%%02X" % b)
    return "".join(out)


def quote_plus(string, safe="", encoding=None, errors=None):
    if (isinstance(string, str) and " " not in string) or (isinstance(string, bytes) and b" " not in string):
        return quote(string, safe, encoding, errors)
    if isinstance(safe, str):
        space = " "
    else:
        space = b" "
    string = quote(string, safe + space, encoding, errors)
    return string.replace(" ", "+")


_HEX = "0123456789abcdefABCDEF"


def unquote(string, encoding="utf-8", errors="replace"):
    if isinstance(string, bytes):
        raise TypeError("unquote() of bytes is not supported by Looplab")
    if "%" not in string:
        return string
    out = []
    pending = []
    i = 0
    n = len(string)
    while i < n:
        c = string[i]
        if c == "%" and i + 2 < n and string[i + 1] in _HEX and string[i + 2] in _HEX:
            pending.append(int(string[i + 1:i + 3], 16))
            i += 3
            continue
        if pending:
            out.append(bytes(pending).decode(encoding, errors))
            pending = []
        out.append(c)
        i += 1
    if pending:
        out.append(bytes(pending).decode(encoding, errors))
    return "".join(out)


def unquote_plus(string, encoding="utf-8", errors="replace"):
    string = string.replace("+", " ")
    return unquote(string, encoding, errors)


def parse_qsl(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace", max_num_fields=None, separator="&"):
    if not qs:
        return []
    r = []
    for name_value in qs.split(separator):
        if not name_value and not strict_parsing:
            continue
        nv = name_value.split("=", 1)
        if len(nv) != 2:
            if strict_parsing:
                raise ValueError("bad query field: %r" % (name_value,))
            if keep_blank_values:
                nv.append("")
            else:
                continue
        if len(nv[1]) or keep_blank_values:
            name = unquote(nv[0].replace("+", " "), encoding, errors)
            value = unquote(nv[1].replace("+", " "), encoding, errors)
            r.append((name, value))
    return r


def parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8", errors="replace", max_num_fields=None, separator="&"):
    parsed_result = {}
    for name, value in parse_qsl(qs, keep_blank_values, strict_parsing, encoding, errors, max_num_fields, separator):
        if name in parsed_result:
            parsed_result[name].append(value)
        else:
            parsed_result[name] = [value]
    return parsed_result


def urlencode(query, doseq=False, safe="", encoding=None, errors=None, quote_via=quote_plus):
    if hasattr(query, "items"):
        query = query.items()
    else:
        try:
            if len(query) and not isinstance(query[0], tuple):
                raise TypeError
        except TypeError:
            raise TypeError("not a valid non-string sequence or mapping object")
    l = []
    for k, v in query:
        if isinstance(k, bytes):
            k = quote_via(k, safe)
        else:
            k = quote_via(str(k), safe)
        if not doseq:
            if isinstance(v, bytes):
                v = quote_via(v, safe)
            else:
                v = quote_via(str(v), safe)
            l.append(k + "=" + v)
        elif isinstance(v, bytes):
            l.append(k + "=" + quote_via(v, safe))
        elif isinstance(v, str):
            l.append(k + "=" + quote_via(v, safe))
        else:
            try:
                len(v)
            except TypeError:
                l.append(k + "=" + quote_via(str(v), safe))
            else:
                for elt in v:
                    if isinstance(elt, bytes):
                        elt = quote_via(elt, safe)
                    else:
                        elt = quote_via(str(elt), safe)
                    l.append(k + "=" + elt)
    return "&".join(l)

# match on HTTP status codes
def describe(status):
    match status:
        case 200:
            return "OK"
        case 301 | 302:
            return "redirect"
        case 404:
            return "not found"
        case 500:
            return "server error"
        case _:
            return "unknown"


for code in [200, 302, 404, 418, 500]:
    print(code, describe(code))

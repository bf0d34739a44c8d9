# f-string format specs that tutorials show
name = "Ada"
pi = 3.14159265
big = 1234567.891
print(f"{name!r} {name:>6} {name:<6}| {name:^7}|")
print(f"{pi:.2f} {pi:8.3f} {pi:e} {pi:.3g}")
print(f"{big:,} {big:,.2f} {big:_.1f}")
print(f"{0.4567:.1%} {42:05d} {42:+d} {-42:d}")
print(f"{255:b} {255:o} {255:x} {255:#X} {255:#b}")
width, prec = 10, 3
print(f"[{pi:{width}.{prec}f}]")
print(f"{name=} {pi=:.1f}")
print(f"{'nested':*^12}")
print(f"{3 + 4} {[1, 2][0]} {{literal}}")
print(f"{1_000_000:,d}")
items = {"a": 1}
print(f"{items['a']} {len(items)}")
print(f"{True} {None} {3.0} {1e20} {1.5e-7}")

"""functools.singledispatch (only `singledispatch` is copied out: it uses
no module globals), written in Python; `functools.rs` adds it to
the `functools` module.

Covers registering by annotation, by explicit class (as a decorator or as
`register(cls, func)`), dispatch along the argument class's `__mro__`,
`registry` and `dispatch(cls)`. Leaves out `singledispatchmethod`, abstract
base classes (`collections.abc`) in the registry, and union annotations.
"""


def singledispatch(func):
    registry = {object: func}
    cache = {}

    def dispatch(cls):
        if cls in cache:
            return cache[cls]
        impl = func
        for base in cls.__mro__:
            if base in registry:
                impl = registry[base]
                break
        cache[cls] = impl
        return impl

    def registrar(cls):
        def decorate(func):
            registry[cls] = func
            cache.clear()
            return func

        return decorate

    def register(cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return registrar(cls)
            func = cls
            annotations = getattr(func, "__annotations__", {})
            if not annotations:
                raise TypeError(
                    f"Invalid first argument to `register()`: {func!r}. "
                    "Use either `@register(some_class)` or plain `@register` "
                    "on an annotated function."
                )
            argname, cls = next(iter(annotations.items()))
            if not isinstance(cls, type):
                raise TypeError(
                    f"Invalid annotation for {argname!r}. {cls!r} is not a class."
                )
        registry[cls] = func
        cache.clear()
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(
                f"{funcname} requires at least 1 positional argument"
            )
        return dispatch(args[0].__class__)(*args, **kw)

    funcname = getattr(func, "__name__", "singledispatch function")
    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    wrapper.__name__ = funcname
    wrapper.__qualname__ = getattr(func, "__qualname__", funcname)
    wrapper.__doc__ = getattr(func, "__doc__", None)
    wrapper.__wrapped__ = func
    return wrapper

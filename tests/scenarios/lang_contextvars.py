# contextvars without asyncio: get/set/reset with tokens, defaults, copy_context, Context.run
# isolation, the Mapping interface, and the errors, printed with addresses masked.
import contextvars
from contextvars import Context, ContextVar, Token, copy_context


def masked(text):
    # Reprs of ContextVar, Token and Context hold addresses: keep everything but the hex digits.
    out = []
    i = 0
    while i < len(text):
        if text.startswith("0x", i):
            out.append("0x?")
            i += 2
            while i < len(text) and text[i] in "0123456789abcdef":
                i += 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def attempt(label, fn):
    try:
        print(label, "->", masked(repr(fn())))
    except Exception as exc:
        print(label, "->", type(exc).__name__ + ":", masked(str(exc)))


print(sorted(contextvars.__all__))
request = ContextVar("request", default="none")
user = ContextVar("user")
print(request.name, user.name, masked(repr(request)), masked(repr(user)))
print(type(request).__name__, type(request).__module__, type(copy_context()).__name__)

# get: the context's value, then get's argument, then the variable's default, else LookupError.
print(request.get(), request.get("arg"), user.get("fallback"), user.get(None))
attempt("user.get()", user.get)

token = user.set("alice")
print(user.get(), token.var is user, token.old_value is Token.MISSING, repr(token.old_value))
print(masked(repr(token)))
token2 = user.set("bob")
print(user.get(), token2.old_value)
user.reset(token2)
print("after reset(token2):", user.get())
attempt("reset(token2) again", lambda: user.reset(token2))
print(masked(repr(token2)))
user.reset(token)
attempt("after reset(token)", user.get)

# copy_context is a snapshot: later sets do not show in it.
request.set("r1")
snapshot = copy_context()
request.set("r2")
print("snapshot:", snapshot[request], "now:", request.get())
print(len(snapshot), request in snapshot, user in snapshot, snapshot.get(user), snapshot.get(user, "d"))


# Context.run: the callable's sets stay in that context.
def handler(name, *, suffix=""):
    user.set(name + suffix)
    request.set("inside")
    return user.get(), request.get()


ctx = Context()
print("empty Context:", len(ctx), list(ctx), bool(ctx))
print("run ->", ctx.run(handler, "carol", suffix="!"))
print("outside:", user.get("unset"), request.get())
print("ctx holds:", ctx[user], ctx[request], len(ctx))
print("second run sees:", ctx.run(user.get))
print(sorted(v.name for v in ctx), sorted(v.name for v in ctx.keys()))
print(sorted(ctx.values()), sorted((k.name, v) for k, v in ctx.items()))
items = ctx.items()
print(type(items).__name__, len(items), iter(items) is items, len(list(items)), len(list(items)))

# copy() shares the values; equality compares the mappings.
twin = ctx.copy()
print(twin == ctx, twin is ctx, twin != ctx, Context() == Context(), ctx == copy_context(), ctx == 1)
twin.run(request.set, "changed")
print(twin[request], ctx[request], twin == ctx)

# Errors.
attempt("ctx['request']", lambda: ctx["request"])
attempt("ctx.get(1)", lambda: ctx.get(1))
attempt("1 in ctx", lambda: 1 in ctx)
attempt("Context()[user]", lambda: Context()[user])
attempt("Context(1)", lambda: Context(1))
attempt("hash(ctx)", lambda: hash(ctx))
attempt("ctx.run()", lambda: ctx.run())
attempt("ContextVar()", lambda: ContextVar())
attempt("ContextVar(1)", lambda: ContextVar(1))
attempt("ContextVar('a', 1)", lambda: ContextVar("a", 1))
attempt("ContextVar('a', foo=2)", lambda: ContextVar("a", foo=2))
attempt("user.get(1, 2)", lambda: user.get(1, 2))
attempt("user.get(default=1)", lambda: user.get(default=1))
attempt("user.set()", lambda: user.set())
attempt("user.reset('x')", lambda: user.reset("x"))
attempt("Token()", lambda: Token())
attempt("user.name = 'x'", lambda: setattr(user, "name", "x"))
attempt("token.var = 1", lambda: setattr(token, "var", 1))
other = user.set("dave")
attempt("request.reset(other)", lambda: request.reset(other))
attempt("reset in another Context", lambda: Context().run(user.reset, other))


def reenter():
    return ctx.run(user.get)


attempt("nested ctx.run", lambda: ctx.run(reenter))
print("ctx usable again:", ctx.run(user.get))

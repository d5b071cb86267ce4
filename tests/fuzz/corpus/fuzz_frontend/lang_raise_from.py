# Exception chaining: raise ... from, implicit __context__, from None, and custom __str__.
class ConfigError(Exception):
    def __init__(self, key):
        super().__init__(key)
        self.key = key

    def __str__(self):
        return f"missing config key {self.key!r}"


def load(settings, key):
    try:
        return settings[key]
    except KeyError as e:
        raise ConfigError(key) from e


try:
    load({}, "port")
except ConfigError as e:
    print("error:", e)
    print("repr:", repr(e))
    print("cause:", repr(e.__cause__), "suppressed:", e.__suppress_context__)

try:
    try:
        [].pop()
    except IndexError:
        raise ValueError("while handling")
except ValueError as e:
    print("context:", repr(e.__context__), "cause:", e.__cause__)

try:
    try:
        int("x")
    except ValueError:
        raise RuntimeError("hidden context") from None
except RuntimeError as e:
    print("from None:", e.__cause__, e.__suppress_context__, type(e.__context__).__name__)

err = ConfigError("host")
print(err.args, str(err), f"{err}")

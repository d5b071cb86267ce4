# OSError(errno, strerror[, filename]) picks the errno's subclass (FileNotFoundError, ...), keeps
# errno/strerror/filename, and prints "[Errno N] text: 'file'"; subclasses with their own __init__.
class NetError(ConnectionError):
    def __init__(self, host):
        super().__init__(111, "Connection refused", host)
        self.host = host


cases = [(2, "No such file or directory"), (2, "No such file or directory", "data.csv"),
         (13, "Permission denied", "a", None, "b"), (110, "timed out"), (111, "refused"), (17, "exists"),
         (99, "other"), ("text", "only"), ("one",), (1, 2, 3, 4, 5, 6)]
for args in cases:
    e = OSError(*args)
    print(type(e).__name__, "|", e, "|", repr(e), "|", e.args, e.errno, e.strerror, e.filename, e.filename2)

e = NetError("example.org")
print(type(e).__name__, str(e), repr(e), e.errno, e.host, isinstance(e, OSError))
try:
    raise FileNotFoundError(2, "No such file or directory", "config.toml")
except OSError as err:
    print(f"caught {type(err).__name__}: {err}", err.filename)
e = OSError(2, "missing")
e.filename = "later.txt"
print(e, vars(e), str(TimeoutError()), repr(TimeoutError("t")), str(PermissionError(13, "denied")))

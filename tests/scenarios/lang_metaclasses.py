# Classes as objects: type(name, bases, dict), metaclasses with __new__/__init__/__call__ (registry, singleton, validation), class reprs and isinstance on classes.
class PluginMeta(type):
    plugins = {}

    def __new__(mcls, name, bases, ns, **kwargs):
        if "run" not in ns and bases:
            raise TypeError(f"{name} must define run()")
        cls = super().__new__(mcls, name, bases, ns)
        if bases:
            mcls.plugins[kwargs.get("key", name.lower())] = cls
        return cls

    def __init__(cls, name, bases, ns, **kwargs):
        super().__init__(name, bases, ns)
        cls.created_by = type(cls).__name__


class Plugin(metaclass=PluginMeta):
    def describe(self):
        return f"{type(self).__name__} says {self.run()}"


class Hello(Plugin):
    def run(self):
        return "hello"


class Upper(Plugin, key="up"):
    def run(self):
        return "HELLO"


try:
    class Broken(Plugin):
        pass
except TypeError as e:
    print("TypeError:", e)

print(sorted(PluginMeta.plugins), [PluginMeta.plugins[k]().describe() for k in sorted(PluginMeta.plugins)])
print(type(Hello).__name__, isinstance(Hello, PluginMeta), isinstance(Hello(), Plugin), Hello.created_by, issubclass(PluginMeta, type))
print(Hello, repr(Upper), type(Hello()), type(3), type(type), type(None).__name__)


class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            print("creating", cls.__name__, args)
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]


class Config(metaclass=Singleton):
    def __init__(self, env):
        self.env = env


a = Config("prod")
b = Config("test")
print(a is b, a.env, b.env)


def greet(self):
    return "hi from " + self.name


Dyn = type("Dyn", (object,), {"name": "dyn", "greet": greet, "n": 3})
Sub = type("Sub", (Dyn,), {"name": "sub"})
print(Dyn().greet(), Sub().greet(), Sub.n, Sub.__mro__[1].__name__, Dyn.__name__, type(Dyn).__name__)


class Counted(type):
    def __call__(cls, *args):
        cls.instances = getattr(cls, "instances", 0) + 1
        return super().__call__(*args)


class Widget(metaclass=Counted):
    def __init__(self, label):
        self.label = label


ws = [Widget(c) for c in "abc"]
print(Widget.instances, [w.label for w in ws], hasattr(Widget, "instances"))

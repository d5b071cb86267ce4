// dataclasses (Python source in vm/pysources.cpp): generated methods, their errors and the helpers.
// Each row is a program and the output python3 (3.11) printed for it.
#include "program_testutil.h"

#include <QtTest>

using namespace loopscope;

class TestStdlibDataclasses : public QObject {
    Q_OBJECT

private slots:
    void programs_data();
    void programs();
};

void TestStdlibDataclasses::programs_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("basics") << QString("from dataclasses import dataclass, field\nfrom enum import Enum\nclass Color(Enum):\n    RED = 1\n@dataclass\nclass Order:\n    id: int\n    items: list = field(default_factory=list)\n    note: str = None\n    color: Color = Color.RED\na = Order(1, ['egg'])\nprint(a, a == Order(1, ['egg']), a == Order(2), a.__eq__(3), Order.__hash__)\nprint(Order.__init__.__qualname__, Order.__repr__.__qualname__, Order.__match_args__)\nprint(Order(2).items is not Order(2).items, Order.__doc__)\n")
                                << QString("Order(id=1, items=['egg'], note=None, color=<Color.RED: 1>) True False NotImplemented None\nOrder.__init__ Order.__repr__ ('id', 'items', 'note', 'color')\nTrue Order(id: int, items: list = <factory>, note: str = None, color: __main__.Color = <Color.RED: 1>)\n");
    QTest::newRow("init errors") << QString("from dataclasses import dataclass, KW_ONLY\n@dataclass\nclass Order:\n    id: int\n    qty: int = 1\n@dataclass\nclass Msg:\n    topic: str\n    _: KW_ONLY\n    body: str = ''\n    retries: int\nfor args, kw in [((), {}), ((1, 2, 3), {}), ((1,), {'x': 2}), ((1,), {'id': 2})]:\n    try:\n        Order(*args, **kw)\n    except TypeError as e:\n        print(e)\nfor args, kw in [(('t',), {}), (('t', 'b'), {'retries': 1}), ((), {})]:\n    try:\n        Msg(*args, **kw)\n    except TypeError as e:\n        print(e)\nprint(Msg('t', retries=2), Msg.__match_args__)\n")
                                << QString("Order.__init__() missing 1 required positional argument: 'id'\nOrder.__init__() takes from 2 to 3 positional arguments but 4 were given\nOrder.__init__() got an unexpected keyword argument 'x'\nOrder.__init__() got multiple values for argument 'id'\nMsg.__init__() missing 1 required keyword-only argument: 'retries'\nMsg.__init__() takes 2 positional arguments but 3 positional arguments (and 1 keyword-only argument) were given\nMsg.__init__() missing 1 required positional argument: 'topic'\nMsg(topic='t', body='', retries=2) ('topic',)\n");
    QTest::newRow("frozen order hash") << QString("from dataclasses import dataclass, field, FrozenInstanceError\n@dataclass(frozen=True, order=True)\nclass P:\n    x: int\n    y: int = 0\n    tag: str = field(default='t', compare=False)\np = P(1, 2)\ntry:\n    p.x = 5\nexcept FrozenInstanceError as e:\n    print(type(e).__name__, e, isinstance(e, AttributeError))\ntry:\n    del p.y\nexcept AttributeError as e:\n    print(e)\nprint(hash(p) == hash((1, 2)), P(1, 2) < P(1, 3), P(1, 2, 'a') == P(1, 2, 'b'), sorted([P(3), P(1, 5), P(1, 2)]))\n@dataclass(unsafe_hash=True)\nclass U:\n    x: int\n    y: list = field(default_factory=list, hash=False, compare=False, repr=False)\nprint(hash(U(3)) == hash((3,)), U(3), U(3) == U(3, [1]))\n@dataclass(eq=False)\nclass N:\n    x: int\nprint(N(1) == N(1), N.__hash__ is object.__hash__)\n")
                                << QString("FrozenInstanceError cannot assign to field 'x' True\ncannot delete field 'y'\nTrue True True [P(x=1, y=2, tag='t'), P(x=1, y=5, tag='t'), P(x=3, y=0, tag='t')]\nTrue U(x=3) True\nFalse True\n");
    QTest::newRow("definition errors") << QString("from dataclasses import dataclass, field\ndef attempt(make):\n    try:\n        make()\n    except (TypeError, ValueError) as e:\n        print(type(e).__name__ + ':', e)\ndef non_default():\n    @dataclass\n    class Bad:\n        x: int = 1\n        y: int\ndef mutable():\n    @dataclass\n    class Bad:\n        items: list = []\ndef mutable_dict():\n    @dataclass\n    class Bad:\n        d: dict = {}\ndef both():\n    field(default=1, default_factory=list)\ndef order_without_eq():\n    @dataclass(order=True, eq=False)\n    class Bad:\n        x: int\ndef no_annotation():\n    @dataclass\n    class Bad:\n        x = field(default=1)\ndef frozen_mix():\n    @dataclass\n    class A:\n        x: int\n    @dataclass(frozen=True)\n    class B(A):\n        y: int\nfor make in (non_default, mutable, mutable_dict, both, order_without_eq, no_annotation, frozen_mix):\n    attempt(make)\n")
                                << QString("TypeError: non-default argument 'y' follows default argument\nValueError: mutable default <class 'list'> for field items is not allowed: use default_factory\nValueError: mutable default <class 'dict'> for field d is not allowed: use default_factory\nValueError: cannot specify both default and default_factory\nValueError: eq must be true if order is true\nTypeError: 'x' is a field but has no type annotation\nTypeError: cannot inherit frozen dataclass from a non-frozen one\n");
    QTest::newRow("post init inherit") << QString("from dataclasses import dataclass, field, fields, InitVar\nfrom typing import ClassVar\n@dataclass\nclass Base:\n    a: int\n    b: str = 'b'\n@dataclass\nclass Child(Base):\n    c: float = 1.5\n    a: int = 7\nprint(Child(), Child(1, 'x', 2.5), [f.name for f in fields(Child)])\n@dataclass\nclass WithPost:\n    a: int\n    scale: InitVar[int] = 2\n    b: int = field(init=False)\n    count: ClassVar[int] = 0\n    def __post_init__(self, scale):\n        self.b = self.a * scale\n        WithPost.count += 1\nprint(WithPost(3), WithPost(3, 10), [f.name for f in fields(WithPost)], WithPost.count)\n@dataclass(kw_only=True)\nclass K:\n    x: int\n    y: int = 2\nprint(K(x=1), K.__doc__)\nclass Outer:\n    @dataclass\n    class Inner:\n        x: int\nprint(Outer.Inner(1))\n@dataclass\nclass Rec:\n    me: object = None\nr = Rec()\nr.me = r\nprint(r)\n@dataclass\nclass Custom:\n    x: int\n    def __repr__(self):\n        return 'custom'\nprint(Custom(1), Custom(1) == Custom(1))\n")
                                << QString("Child(a=7, b='b', c=1.5) Child(a=1, b='x', c=2.5) ['a', 'b', 'c']\nWithPost(a=3, b=6) WithPost(a=3, b=30) ['a', 'b'] 2\nK(x=1, y=2) K(*, x: int, y: int = 2)\nOuter.Inner(x=1)\nRec(me=...)\ncustom True\n");
    QTest::newRow("helpers") << QString("import dataclasses\nfrom dataclasses import dataclass, field, asdict, astuple, replace, fields, is_dataclass\nfrom collections import namedtuple\nPair = namedtuple('Pair', 'left right')\n@dataclass\nclass Node:\n    val: int\n    children: list = field(default_factory=list)\n    meta: dict = field(default_factory=dict)\nn = Node(1, [Node(2), Node(3, [Node(4)])], {'k': (Node(5), Pair(1, Node(6)))})\nprint(asdict(n))\nprint(astuple(n))\nprint(replace(n, val=9, children=[]))\nprint(is_dataclass(n), is_dataclass(Node), is_dataclass(1), dataclasses.MISSING is dataclasses.MISSING)\nprint(fields(n)[0].name, fields(n)[0].type, fields(Node)[1].default_factory)\nfor bad in (lambda: fields(3), lambda: asdict(Node), lambda: astuple(1), lambda: replace(3)):\n    try:\n        bad()\n    except TypeError as e:\n        print(e)\n@dataclass\nclass Later:\n    x: int\n    y: int = field(init=False, default=0)\ntry:\n    replace(Later(1), y=2)\nexcept ValueError as e:\n    print(e)\nprint(replace(Later(1), x=5))\n")
                                << QString("{'val': 1, 'children': [{'val': 2, 'children': [], 'meta': {}}, {'val': 3, 'children': [{'val': 4, 'children': [], 'meta': {}}], 'meta': {}}], 'meta': {'k': ({'val': 5, 'children': [], 'meta': {}}, Pair(left=1, right={'val': 6, 'children': [], 'meta': {}}))}}\n(1, [(2, [], {}), (3, [(4, [], {})], {})], {'k': ((5, [], {}), Pair(left=1, right=(6, [], {})))})\nNode(val=9, children=[], meta={'k': (Node(val=5, children=[], meta={}), Pair(left=1, right=Node(val=6, children=[], meta={})))})\nTrue True False True\nval <class 'int'> <class 'list'>\nmust be called with a dataclass type or instance\nasdict() should be called on dataclass instances\nastuple() should be called on dataclass instances\nreplace() should be called on dataclass instances\nfield y is declared with init=False, it cannot be specified with replace()\nLater(x=5, y=0)\n");
    QTest::newRow("slots") << QString("from dataclasses import dataclass, fields\n@dataclass(slots=True)\nclass S:\n    x: int\n    y: int = 2\ns = S(1)\nprint(s, S.__slots__, hasattr(s, '__dict__'), [f.name for f in fields(S)], S.__qualname__)\ntry:\n    s.z = 3\nexcept AttributeError as e:\n    print('AttributeError')\n")
                                << QString("S(x=1, y=2) ('x', 'y') False ['x', 'y'] S\nAttributeError\n");
}

void TestStdlibDataclasses::programs()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    testutil::verifyPrints(source, expected);
}

QTEST_GUILESS_MAIN(TestStdlibDataclasses)
#include "tst_stdlib_dataclasses.moc"

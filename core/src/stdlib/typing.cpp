// A typing module for annotations: the common names exist and subscript without complaint, so a
// scenario that imports them only to annotate runs unchanged. No type is ever checked.

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

/// typing.Any, typing.Optional[int], a TypeVar ...: a name that prints like CPython's.
class SpecialForm : public Object {
public:
    SpecialForm(TypeObject* type, std::string text)
        : Object(type)
        , text(std::move(text))
    {
    }
    std::string text; ///< the repr
};

TypeObject* specialFormType();

/// How a type argument reads inside typing's brackets: `int`, `asyncio.Task`, `typing.Any`, `~T`.
std::string argText(Object* arg)
{
    if (arg->type()->isSubtypeOf(types().type)) {
        auto* t = static_cast<TypeObject*>(arg);
        return t->module() == "builtins" ? t->qualname() : t->module() + "." + t->qualname();
    }
    if (arg == None()) return "None";
    if (arg == Ellipsis()) return "...";
    if (isList(arg)) {
        std::string out = "[";
        const auto& items = listItems(arg);
        for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + argText(items[i].get());
        return out + "]";
    }
    return reprText(arg);
}

Ref<Object> specialGetItem(Object* self, Object* key)
{
    std::string out = static_cast<SpecialForm*>(self)->text + "[";
    if (isTuple(key)) {
        const auto items = tupleItems(key);
        for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + argText(items[i].get());
    } else {
        out += argText(key);
    }
    return make<SpecialForm>(specialFormType(), out + "]");
}

Ref<Object> specialRepr(Object* self)
{
    return newStr(static_cast<SpecialForm*>(self)->text);
}

Ref<Object> specialCall(Object* self, CallArgs)
{
    raise(types().TypeError, "Cannot instantiate " + static_cast<SpecialForm*>(self)->text);
}

/// `X | None` in annotations evaluated at run time.
Ref<Object> specialOr(Object* a, Object* b)
{
    return make<SpecialForm>(specialFormType(), "typing.Union[" + argText(a) + ", " + argText(b) + "]");
}

TypeObject* specialFormType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("_SpecialForm", types().object, 0, "typing");
        t->slots.getitem = specialGetItem;
        t->slots.repr = specialRepr;
        t->slots.call = specialCall;
        t->slots.binary[static_cast<size_t>(BinaryOp::Or)] = specialOr;
        t->finalize();
        return t;
    }();
    return type;
}

Ref<Object> typing_TypeVar(Object*, CallArgs args)
{
    if (args.nargs < 1 || !isStr(args[0])) raise(types().TypeError, "TypeVar name must be a string");
    return make<SpecialForm>(specialFormType(), "~" + std::string(strView(args[0])));
}

Ref<Object> typing_NewType(Object*, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("NewType", args, {"name", "tp"}, a);
    return newRef(a[1]); // stands in for its base: UserId(5) is int(5), equal to what CPython gives
}

Ref<Object> typing_cast(Object*, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("cast", args, {"typ", "val"}, a);
    return newRef(a[1]);
}

/// overload, final, no_type_check, runtime_checkable: decorators that return what they decorate.
Ref<Object> typing_identity(Object*, CallArgs args)
{
    checkArgCount("decorator", args, 1, 1);
    return newRef(args[0]);
}

TypeObject* genericType();
TypeObject* protocolType();

/// Generic[T] and Protocol[T] are the classes themselves, so they can be bases; a user's generic
/// class subscripted (`Box[int]`) is an alias that prints, calls and subclasses like CPython's.
Ref<Object> classGetItem(Object* cls, CallArgs args)
{
    checkArgCount("__class_getitem__", args, 1, 1);
    if (cls == genericType() || cls == protocolType()) return newRef(cls);
    return newGenericAlias(cls, args[0]);
}

/// Generic and Protocol are real classes, so `class Box(Generic[T])` works.
TypeObject* baseClass(std::string_view name)
{
    TypeObject* t = newStaticType(name, types().object, TypeObject::BaseType, "typing");
    addClassMethod(t, "__class_getitem__", classGetItem);
    t->finalize();
    return t;
}

TypeObject* genericType()
{
    static TypeObject* type = baseClass("Generic");
    return type;
}

TypeObject* protocolType()
{
    static TypeObject* type = baseClass("Protocol");
    return type;
}

} // namespace

Ref<Object> makeTypingModule(ModuleContext&)
{
    Ref<Object> m = newModule("typing");
    for (const char* name :
         {"Any", "Optional", "Union", "List", "Dict", "Tuple", "Set", "FrozenSet", "Callable", "Iterable", "Iterator",
          "Awaitable", "Coroutine", "Generator", "AsyncGenerator", "AsyncIterator", "AsyncIterable", "Sequence",
          "MutableSequence", "Mapping", "MutableMapping", "Type", "ClassVar", "Final", "Literal", "NoReturn", "Never",
          "Deque", "DefaultDict", "Counter", "OrderedDict", "Annotated", "Hashable", "Sized", "Self", "TypeAlias",
          "LiteralString", "Concatenate", "TypeGuard", "Required", "NotRequired", "Unpack", "Container", "Collection",
          "AbstractSet", "MutableSet", "KeysView", "ItemsView", "ValuesView", "ContextManager", "AsyncContextManager",
          "Pattern", "Match", "IO", "TextIO", "BinaryIO", "ChainMap", "Reversible", "ByteString", "SupportsInt",
          "SupportsFloat", "SupportsIndex", "SupportsAbs", "SupportsRound"})
        setModuleAttr(m.get(), name, make<SpecialForm>(specialFormType(), std::string("typing.") + name).get());
    setModuleAttr(m.get(), "Generic", genericType());
    setModuleAttr(m.get(), "Protocol", protocolType());
    setModuleAttr(m.get(), "TYPE_CHECKING", False());
    addFunction(m.get(), "TypeVar", typing_TypeVar);
    addFunction(m.get(), "NewType", typing_NewType);
    addFunction(m.get(), "cast", typing_cast);
    for (const char* name : {"overload", "final", "no_type_check", "runtime_checkable"})
        addFunction(m.get(), name, typing_identity);
    return m;
}

} // namespace loopscope

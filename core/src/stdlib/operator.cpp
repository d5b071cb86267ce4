// The operator module: the operators as functions, itemgetter, attrgetter, methodcaller.

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

void exact(std::string_view name, const CallArgs& args, size_t n)
{
    noKeywords(name, args);
    checkArgCount(name, args, n, n);
}

#define LOOPSCOPE_BINARY(fname, op)                                                                        \
    Ref<Object> operator_##fname(Object*, CallArgs args)                                                 \
    {                                                                                                      \
        exact(#fname, args, 2);                                                                            \
        return binaryOp(args[0], args[1], BinaryOp::op);                                                   \
    }
LOOPSCOPE_BINARY(add, Add)
LOOPSCOPE_BINARY(sub, Sub)
LOOPSCOPE_BINARY(mul, Mul)
LOOPSCOPE_BINARY(matmul, MatMul)
LOOPSCOPE_BINARY(truediv, TrueDiv)
LOOPSCOPE_BINARY(floordiv, FloorDiv)
LOOPSCOPE_BINARY(mod, Mod)
LOOPSCOPE_BINARY(pow, Pow)
LOOPSCOPE_BINARY(lshift, LShift)
LOOPSCOPE_BINARY(rshift, RShift)
LOOPSCOPE_BINARY(and_, And)
LOOPSCOPE_BINARY(or_, Or)
LOOPSCOPE_BINARY(xor_, Xor)
LOOPSCOPE_BINARY(iadd, InplaceAdd)
LOOPSCOPE_BINARY(isub, InplaceSub)
LOOPSCOPE_BINARY(imul, InplaceMul)
#undef LOOPSCOPE_BINARY

#define LOOPSCOPE_COMPARE(fname, op)                                                                       \
    Ref<Object> operator_##fname(Object*, CallArgs args)                                                 \
    {                                                                                                      \
        exact(#fname, args, 2);                                                                            \
        return richCompare(args[0], args[1], CompareOp::op);                                               \
    }
LOOPSCOPE_COMPARE(lt, Lt)
LOOPSCOPE_COMPARE(le, Le)
LOOPSCOPE_COMPARE(eq, Eq)
LOOPSCOPE_COMPARE(ne, Ne)
LOOPSCOPE_COMPARE(gt, Gt)
LOOPSCOPE_COMPARE(ge, Ge)
#undef LOOPSCOPE_COMPARE

Ref<Object> operator_neg(Object*, CallArgs args)
{
    exact("neg", args, 1);
    return unaryOp(args[0], UnaryOp::Neg);
}

Ref<Object> operator_pos(Object*, CallArgs args)
{
    exact("pos", args, 1);
    return unaryOp(args[0], UnaryOp::Pos);
}

Ref<Object> operator_invert(Object*, CallArgs args)
{
    exact("invert", args, 1);
    return unaryOp(args[0], UnaryOp::Invert);
}

Ref<Object> operator_not(Object*, CallArgs args)
{
    exact("not_", args, 1);
    return newRef(boolObject(!isTrue(args[0])));
}

Ref<Object> operator_truth(Object*, CallArgs args)
{
    exact("truth", args, 1);
    return newRef(boolObject(isTrue(args[0])));
}

Ref<Object> operator_is(Object*, CallArgs args)
{
    exact("is_", args, 2);
    return newRef(boolObject(args[0] == args[1]));
}

Ref<Object> operator_is_not(Object*, CallArgs args)
{
    exact("is_not", args, 2);
    return newRef(boolObject(args[0] != args[1]));
}

Ref<Object> operator_abs(Object*, CallArgs args)
{
    exact("abs", args, 1);
    if (auto f = args[0]->type()->slots.abs) return f(args[0]);
    raise(types().TypeError, "bad operand type for abs(): '" + typeName(args[0]) + "'");
}

Ref<Object> operator_index(Object*, CallArgs args)
{
    exact("index", args, 1);
    return toIndex(args[0]);
}

Ref<Object> operator_getitem(Object*, CallArgs args)
{
    exact("getitem", args, 2);
    return getItem(args[0], args[1]);
}

Ref<Object> operator_setitem(Object*, CallArgs args)
{
    exact("setitem", args, 3);
    setItem(args[0], args[1], args[2]);
    return newRef(None());
}

Ref<Object> operator_delitem(Object*, CallArgs args)
{
    exact("delitem", args, 2);
    delItem(args[0], args[1]);
    return newRef(None());
}

Ref<Object> operator_contains(Object*, CallArgs args)
{
    exact("contains", args, 2);
    return newRef(boolObject(contains(args[0], args[1])));
}

// ---------------------------------------------------------------------------------------------
// itemgetter / attrgetter / methodcaller: one native layout, a tuple of what to apply.

class GetterObject : public Object {
public:
    GetterObject(TypeObject* type, Ref<Object> items, Ref<Object> kwargs = {})
        : Object(type)
        , items(std::move(items))
        , kwargs(std::move(kwargs))
    {
    }
    void clearRefs() override
    {
        items = nullptr;
        kwargs = nullptr;
    }
    Ref<Object> items; ///< tuple: the keys, the attribute paths, or (name, *args)
    Ref<Object> kwargs; ///< methodcaller's keywords (a dict)
};

TypeObject* itemgetterType();
TypeObject* attrgetterType();
TypeObject* methodcallerType();

Ref<Object> argsTuple(const CallArgs& args, size_t from = 0)
{
    std::vector<Ref<Object>> items;
    for (size_t i = from; i < args.nargs; ++i) items.push_back(newRef(args[i]));
    return newTuple(std::move(items));
}

Ref<Object> gettersNew(std::string_view name, TypeObject* type, CallArgs args)
{
    noKeywords(name, args);
    if (args.nargs < 1) raise(types().TypeError, std::string(name) + " expected 1 argument, got 0");
    if (name == "attrgetter")
        for (size_t i = 0; i < args.nargs; ++i)
            if (!isStr(args[i])) raise(types().TypeError, "attribute name must be a string");
    return make<GetterObject>(type, argsTuple(args));
}

Ref<Object> itemgetterNew(TypeObject* type, CallArgs args)
{
    return gettersNew("itemgetter", type, args);
}

Ref<Object> attrgetterNew(TypeObject* type, CallArgs args)
{
    return gettersNew("attrgetter", type, args);
}

Ref<Object> methodcallerNew(TypeObject* type, CallArgs args)
{
    if (args.nargs < 1) raise(types().TypeError, "methodcaller needs at least one argument, the method name");
    if (!isStr(args[0])) raise(types().TypeError, "method name must be a string");
    Ref<DictObject> kw = newDict();
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) dictSet(kw.get(), names[i], args[args.nargs + i]);
    return make<GetterObject>(type, argsTuple(args), Ref<Object>(kw));
}

/// attrgetter('a.b'): follows each dotted part.
Ref<Object> dottedAttr(Object* obj, std::string_view path)
{
    Ref<Object> current(obj);
    size_t start = 0;
    for (;;) {
        const size_t dot = path.find('.', start);
        current = getAttr(current.get(), path.substr(start, dot == std::string_view::npos ? path.npos : dot - start));
        if (dot == std::string_view::npos) return current;
        start = dot + 1;
    }
}

Ref<Object> getterCall(Object* self, CallArgs args)
{
    auto* g = static_cast<GetterObject*>(self);
    const auto items = tupleItems(g->items.get());
    if (self->type() == methodcallerType()) {
        checkArgCount("methodcaller", args, 1, 1);
        Ref<Object> method = getAttr(args[0], strView(items[0].get()));
        std::vector<Object*> positional;
        for (size_t i = 1; i < items.size(); ++i) positional.push_back(items[i].get());
        std::vector<std::string> names;
        std::vector<Object*> values;
        for (auto [k, v] : dictItems(static_cast<DictObject*>(g->kwargs.get()))) {
            names.emplace_back(strView(k));
            values.push_back(v);
        }
        return callWith(method.get(), positional, names, values);
    }
    const bool attr = self->type() == attrgetterType();
    noKeywords(attr ? "attrgetter" : "itemgetter", args);
    checkArgCount(attr ? "attrgetter" : "itemgetter", args, 1, 1);
    auto one = [&](Object* what) { return attr ? dottedAttr(args[0], strView(what)) : getItem(args[0], what); };
    if (items.size() == 1) return one(items[0].get());
    std::vector<Ref<Object>> out;
    for (const Ref<Object>& what : items) out.push_back(one(what.get()));
    return newTuple(std::move(out));
}

Ref<Object> getterRepr(Object* self)
{
    auto* g = static_cast<GetterObject*>(self);
    const auto items = tupleItems(g->items.get());
    std::string out = "operator." + self->type()->name() + "(";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + reprText(items[i].get());
    if (g->kwargs)
        for (auto [k, v] : dictItems(static_cast<DictObject*>(g->kwargs.get())))
            out += ", " + std::string(strView(k)) + "=" + reprText(v);
    return newStr(out + ")");
}

TypeObject* getterType(std::string_view name, slot::New construct)
{
    TypeObject* t = newStaticType(name, types().object, 0, "operator");
    t->slots.newObject = construct;
    t->slots.call = getterCall;
    t->slots.repr = getterRepr;
    t->finalize();
    return t;
}

TypeObject* itemgetterType()
{
    static TypeObject* type = getterType("itemgetter", itemgetterNew);
    return type;
}

TypeObject* attrgetterType()
{
    static TypeObject* type = getterType("attrgetter", attrgetterNew);
    return type;
}

TypeObject* methodcallerType()
{
    static TypeObject* type = getterType("methodcaller", methodcallerNew);
    return type;
}

} // namespace

Ref<Object> makeOperatorModule(ModuleContext&)
{
    Ref<Object> m = newModule("operator");
    const std::pair<const char*, NativeFn> functions[] = {
            {"add", operator_add},         {"sub", operator_sub},           {"mul", operator_mul},
            {"matmul", operator_matmul},   {"truediv", operator_truediv},   {"floordiv", operator_floordiv},
            {"mod", operator_mod},         {"pow", operator_pow},           {"lshift", operator_lshift},
            {"rshift", operator_rshift},   {"and_", operator_and_},         {"or_", operator_or_},
            {"xor", operator_xor_},        {"iadd", operator_iadd},         {"isub", operator_isub},
            {"imul", operator_imul},       {"lt", operator_lt},             {"le", operator_le},
            {"eq", operator_eq},           {"ne", operator_ne},             {"gt", operator_gt},
            {"ge", operator_ge},           {"neg", operator_neg},           {"pos", operator_pos},
            {"invert", operator_invert},   {"inv", operator_invert},        {"not_", operator_not},
            {"truth", operator_truth},     {"is_", operator_is},            {"is_not", operator_is_not},
            {"abs", operator_abs},         {"index", operator_index},       {"getitem", operator_getitem},
            {"setitem", operator_setitem}, {"delitem", operator_delitem},   {"contains", operator_contains},
            {"concat", operator_add},
    };
    for (const auto& [name, fn] : functions) addFunction(m.get(), name, fn);
    setModuleAttr(m.get(), "itemgetter", itemgetterType());
    setModuleAttr(m.get(), "attrgetter", attrgetterType());
    setModuleAttr(m.get(), "methodcaller", methodcallerType());
    return m;
}

} // namespace loopscope

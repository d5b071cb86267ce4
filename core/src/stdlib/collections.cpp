// The collections module. deque is a native type; namedtuple classes are real tuple subclasses
// made with newClass; defaultdict, Counter and OrderedDict are dict subclasses made per run with
// newClass, their methods native (so isinstance(x, dict) and every dict operation just work).

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <memory>

#include <algorithm>
#include <deque>
#include <set>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

// =============================================================================================
// deque

class DequeObject : public Object {
public:
    using Object::Object;
    void clearRefs() override { items.clear(); }

    /// Appends at the right, dropping from the left when full (maxlen 0 keeps nothing).
    void pushBack(Ref<Object> v)
    {
        if (maxlen == 0) return;
        if (maxlen > 0 && static_cast<int64_t>(items.size()) >= maxlen) items.pop_front();
        items.push_back(std::move(v));
        ++state;
    }
    void pushFront(Ref<Object> v)
    {
        if (maxlen == 0) return;
        if (maxlen > 0 && static_cast<int64_t>(items.size()) >= maxlen) items.pop_back();
        items.push_front(std::move(v));
        ++state;
    }

    std::deque<Ref<Object>> items;
    int64_t maxlen = -1; ///< -1: unbounded
    uint64_t state = 0; ///< bumped by every mutation; iterators refuse to go on after one
};

TypeObject* dequeType();
TypeObject* dequeIteratorType();

DequeObject* asDeque(Object* o)
{
    if (!o->type()->isSubtypeOf(dequeType()))
        raise(types().TypeError, "descriptor requires a 'collections.deque' object but received a '" + typeName(o) + "'");
    return static_cast<DequeObject*>(o);
}

Ref<Object> dequeNew(TypeObject* type, CallArgs)
{
    return newNativeInstance<DequeObject>(type);
}

void dequeExtendFrom(DequeObject* d, Object* iterable, bool left)
{
    // extend(self) must see a snapshot, not chase its own growth.
    std::vector<Ref<Object>> values = toVector(iterable);
    for (Ref<Object>& v : values) left ? d->pushFront(std::move(v)) : d->pushBack(std::move(v));
}

void dequeInit(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("deque", args, {"iterable=", "maxlen="}, a);
    DequeObject* d = asDeque(self);
    d->maxlen = -1;
    if (a[1] && a[1] != None()) {
        d->maxlen = toInt64(a[1]);
        if (d->maxlen < 0) raise(types().ValueError, "maxlen must be non-negative");
    }
    d->items.clear();
    ++d->state;
    if (a[0]) dequeExtendFrom(d, a[0], false);
}

Object* oneArg(std::string_view name, const CallArgs& args)
{
    noKeywords(name, args);
    if (args.nargs != 1)
        raise(types().TypeError, "deque." + std::string(name) + "() takes exactly one argument (" + std::to_string(args.nargs)
                                     + " given)");
    return args[0];
}

void noArgs(std::string_view name, const CallArgs& args)
{
    noKeywords(name, args);
    if (args.nargs != 0)
        raise(types().TypeError, "deque." + std::string(name) + "() takes no arguments (" + std::to_string(args.nargs)
                                     + " given)");
}

Ref<Object> deque_append(Object* self, CallArgs args)
{
    asDeque(self)->pushBack(newRef(oneArg("append", args)));
    return newRef(None());
}

Ref<Object> deque_appendleft(Object* self, CallArgs args)
{
    asDeque(self)->pushFront(newRef(oneArg("appendleft", args)));
    return newRef(None());
}

Ref<Object> deque_pop(Object* self, CallArgs args)
{
    noArgs("pop", args);
    DequeObject* d = asDeque(self);
    if (d->items.empty()) raise(types().IndexError, "pop from an empty deque");
    Ref<Object> v = std::move(d->items.back());
    d->items.pop_back();
    ++d->state;
    return v;
}

Ref<Object> deque_popleft(Object* self, CallArgs args)
{
    noArgs("popleft", args);
    DequeObject* d = asDeque(self);
    if (d->items.empty()) raise(types().IndexError, "pop from an empty deque");
    Ref<Object> v = std::move(d->items.front());
    d->items.pop_front();
    ++d->state;
    return v;
}

Ref<Object> deque_extend(Object* self, CallArgs args)
{
    dequeExtendFrom(asDeque(self), oneArg("extend", args), false);
    return newRef(None());
}

Ref<Object> deque_extendleft(Object* self, CallArgs args)
{
    dequeExtendFrom(asDeque(self), oneArg("extendleft", args), true);
    return newRef(None());
}

Ref<Object> deque_rotate(Object* self, CallArgs args)
{
    noKeywords("rotate", args);
    if (args.nargs > 1) raise(types().TypeError, "rotate expected at most 1 argument, got " + std::to_string(args.nargs));
    DequeObject* d = asDeque(self);
    const int64_t n = args.nargs ? toInt64(args[0]) : 1;
    const auto size = static_cast<int64_t>(d->items.size());
    if (size <= 1) return newRef(None());
    const int64_t shift = ((n % size) + size) % size; // rotate right by `shift`
    std::rotate(d->items.begin(), d->items.begin() + (size - shift), d->items.end());
    ++d->state;
    return newRef(None());
}

Ref<Object> deque_clear(Object* self, CallArgs args)
{
    noArgs("clear", args);
    DequeObject* d = asDeque(self);
    std::deque<Ref<Object>> old;
    old.swap(d->items); // values die after the deque is consistent again
    ++d->state;
    return newRef(None());
}

Ref<Object> deque_count(Object* self, CallArgs args)
{
    Object* x = oneArg("count", args);
    DequeObject* d = asDeque(self);
    const uint64_t state = d->state;
    int64_t n = 0;
    for (size_t i = 0; i < d->items.size(); ++i) {
        Ref<Object> item = d->items[i];
        if (richCompareBool(item.get(), x, CompareOp::Eq)) ++n;
        if (d->state != state) raise(types().RuntimeError, "deque mutated during iteration");
    }
    return newInt(n);
}

int64_t findIndex(DequeObject* d, Object* x, int64_t start, int64_t stop)
{
    const uint64_t state = d->state;
    for (int64_t i = start; i < stop && i < static_cast<int64_t>(d->items.size()); ++i) {
        Ref<Object> item = d->items[static_cast<size_t>(i)];
        const bool eq = richCompareBool(item.get(), x, CompareOp::Eq);
        if (d->state != state) raise(types().RuntimeError, "deque mutated during iteration");
        if (eq) return i;
    }
    return -1;
}

Ref<Object> deque_remove(Object* self, CallArgs args)
{
    Object* x = oneArg("remove", args);
    DequeObject* d = asDeque(self);
    const int64_t i = findIndex(d, x, 0, static_cast<int64_t>(d->items.size()));
    if (i < 0) raise(types().ValueError, reprText(x) + " is not in deque");
    d->items.erase(d->items.begin() + i);
    ++d->state;
    return newRef(None());
}

Ref<Object> deque_index(Object* self, CallArgs args)
{
    noKeywords("index", args);
    if (args.nargs < 1 || args.nargs > 3)
        raise(types().TypeError, "index expected at least 1 argument, got " + std::to_string(args.nargs));
    DequeObject* d = asDeque(self);
    const auto size = static_cast<int64_t>(d->items.size());
    auto clamp = [size](int64_t v) { return v < 0 ? std::max<int64_t>(0, v + size) : std::min(v, size); };
    const int64_t start = args.nargs > 1 ? clamp(toInt64(args[1])) : 0;
    const int64_t stop = args.nargs > 2 ? clamp(toInt64(args[2])) : size;
    const int64_t i = findIndex(d, args[0], start, stop);
    if (i < 0) raise(types().ValueError, reprText(args[0]) + " is not in deque");
    return newInt(i);
}

Ref<Object> deque_insert(Object* self, CallArgs args)
{
    noKeywords("insert", args);
    if (args.nargs != 2) raise(types().TypeError, "insert expected 2 arguments, got " + std::to_string(args.nargs));
    DequeObject* d = asDeque(self);
    if (d->maxlen >= 0 && static_cast<int64_t>(d->items.size()) >= d->maxlen)
        raise(types().IndexError, "deque already at its maximum size");
    const auto size = static_cast<int64_t>(d->items.size());
    int64_t i = toInt64(args[0]);
    if (i < 0) i = std::max<int64_t>(0, i + size);
    i = std::min(i, size);
    d->items.insert(d->items.begin() + i, newRef(args[1]));
    ++d->state;
    return newRef(None());
}

Ref<Object> deque_reverse(Object* self, CallArgs args)
{
    noArgs("reverse", args);
    DequeObject* d = asDeque(self);
    std::reverse(d->items.begin(), d->items.end());
    ++d->state;
    return newRef(None());
}

Ref<Object> deque_copy(Object* self, CallArgs args)
{
    noArgs("copy", args);
    DequeObject* d = asDeque(self);
    auto c = newNativeInstance<DequeObject>(self->type());
    c->maxlen = d->maxlen;
    c->items = d->items;
    return c;
}

Ref<Object> deque_maxlen(Object* self, CallArgs)
{
    DequeObject* d = asDeque(self);
    return d->maxlen < 0 ? newRef(None()) : newInt(d->maxlen);
}

int64_t dequeLen(Object* self)
{
    return static_cast<int64_t>(asDeque(self)->items.size());
}

bool dequeBool(Object* self)
{
    return !asDeque(self)->items.empty();
}

Ref<Object> dequeIterFrom(DequeObject* d, bool reversed)
{
    Ref<Object> keep(d);
    const uint64_t state = d->state;
    auto index = std::make_shared<size_t>(0);
    return newClosureIterator(dequeIteratorType(), [keep, d, state, index, reversed]() -> Ref<Object> {
        if (d->state != state) raise(types().RuntimeError, "deque mutated during iteration");
        if (*index >= d->items.size()) return {};
        const size_t i = reversed ? d->items.size() - 1 - *index : *index;
        ++*index;
        return d->items[i];
    });
}

Ref<Object> dequeIter(Object* self)
{
    return dequeIterFrom(asDeque(self), false);
}

Ref<Object> deque_reversed(Object* self, CallArgs args)
{
    noArgs("__reversed__", args);
    return dequeIterFrom(asDeque(self), true);
}

size_t dequeIndex(DequeObject* d, Object* key)
{
    if (!isInt(key) && !key->type()->slots.index)
        raise(types().TypeError, "sequence index must be integer, not '" + typeName(key) + "'");
    int64_t i = toInt64(key);
    const auto size = static_cast<int64_t>(d->items.size());
    if (i < 0) i += size;
    if (i < 0 || i >= size) raise(types().IndexError, "deque index out of range");
    return static_cast<size_t>(i);
}

Ref<Object> dequeGetItem(Object* self, Object* key)
{
    DequeObject* d = asDeque(self);
    return d->items[dequeIndex(d, key)];
}

void dequeSetItem(Object* self, Object* key, Object* value)
{
    DequeObject* d = asDeque(self);
    const size_t i = dequeIndex(d, key);
    if (value) {
        d->items[i] = newRef(value);
    } else {
        d->items.erase(d->items.begin() + static_cast<int64_t>(i));
        ++d->state;
    }
}

bool dequeContains(Object* self, Object* item)
{
    DequeObject* d = asDeque(self);
    return findIndex(d, item, 0, static_cast<int64_t>(d->items.size())) >= 0;
}

/// Objects whose repr is being built on this thread: a deque that contains itself prints [...].
thread_local std::vector<const Object*> t_reprStack;

Ref<Object> dequeRepr(Object* self)
{
    DequeObject* d = asDeque(self);
    if (std::find(t_reprStack.begin(), t_reprStack.end(), self) != t_reprStack.end()) return newStr("[...]");
    t_reprStack.push_back(self);
    std::string out;
    try {
        const std::string name = self->type() == dequeType() ? "deque" : self->type()->name();
        out = name + "([";
        std::vector<Ref<Object>> snapshot(d->items.begin(), d->items.end());
        for (size_t i = 0; i < snapshot.size(); ++i) out += (i ? ", " : "") + reprText(snapshot[i].get());
        out += "]";
        if (d->maxlen >= 0) out += ", maxlen=" + std::to_string(d->maxlen);
        out += ")";
    } catch (...) {
        t_reprStack.pop_back();
        throw;
    }
    t_reprStack.pop_back();
    return newStr(out);
}

int64_t dequeHash(Object* self)
{
    raise(types().TypeError, "unhashable type: '" + std::string(self->type() == dequeType() ? "collections.deque"
                                                                                             : self->type()->name())
                                     + "'");
}

/// Lexicographic comparison like list's: the first unequal pair decides, else the lengths.
Ref<Object> dequeRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!b->type()->isSubtypeOf(dequeType()) || !a->type()->isSubtypeOf(dequeType())) return newRef(NotImplemented());
    std::vector<Ref<Object>> x(asDeque(a)->items.begin(), asDeque(a)->items.end());
    std::vector<Ref<Object>> y(asDeque(b)->items.begin(), asDeque(b)->items.end());
    if ((op == CompareOp::Eq || op == CompareOp::Ne) && x.size() != y.size())
        return newRef(boolObject(op == CompareOp::Ne));
    size_t i = 0;
    while (i < x.size() && i < y.size() && richCompareBool(x[i].get(), y[i].get(), CompareOp::Eq)) ++i;
    if (i < x.size() && i < y.size()) {
        if (op == CompareOp::Eq) return newRef(False());
        if (op == CompareOp::Ne) return newRef(True());
        return richCompare(x[i].get(), y[i].get(), op);
    }
    const size_t n = x.size();
    const size_t m = y.size();
    bool r = false;
    switch (op) {
    case CompareOp::Lt: r = n < m; break;
    case CompareOp::Le: r = n <= m; break;
    case CompareOp::Eq: r = n == m; break;
    case CompareOp::Ne: r = n != m; break;
    case CompareOp::Gt: r = n > m; break;
    case CompareOp::Ge: r = n >= m; break;
    }
    return newRef(boolObject(r));
}

Ref<Object> dequeInplaceAdd(Object* a, Object* b)
{
    dequeExtendFrom(asDeque(a), b, false);
    return newRef(a);
}

Ref<Object> dequeAdd(Object* a, Object* b)
{
    if (!a->type()->isSubtypeOf(dequeType()) || !b->type()->isSubtypeOf(dequeType())) return newRef(NotImplemented());
    auto c = newNativeInstance<DequeObject>(a->type());
    c->maxlen = asDeque(a)->maxlen;
    for (const Ref<Object>& v : asDeque(a)->items) c->pushBack(v);
    for (const Ref<Object>& v : asDeque(b)->items) c->pushBack(v);
    return c;
}

TypeObject* dequeType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("deque", types().object, TypeObject::BaseType | TypeObject::Sequence, "collections");
        t->slots.newObject = dequeNew;
        enableSubclassDict<DequeObject>(t);
        t->slots.init = dequeInit;
        t->slots.len = dequeLen;
        t->slots.boolean = dequeBool;
        t->slots.iter = dequeIter;
        t->slots.getitem = dequeGetItem;
        t->slots.setitem = dequeSetItem;
        t->slots.contains = dequeContains;
        t->slots.repr = dequeRepr;
        t->slots.hash = dequeHash;
        t->slots.richcompare = dequeRichCompare;
        t->slots.binary[static_cast<size_t>(BinaryOp::Add)] = dequeAdd;
        t->slots.binary[static_cast<size_t>(BinaryOp::InplaceAdd)] = dequeInplaceAdd;
        const std::pair<const char*, NativeFn> methods[] = {
                {"append", deque_append},   {"appendleft", deque_appendleft}, {"pop", deque_pop},
                {"popleft", deque_popleft}, {"extend", deque_extend},         {"extendleft", deque_extendleft},
                {"rotate", deque_rotate},   {"clear", deque_clear},           {"count", deque_count},
                {"remove", deque_remove},   {"index", deque_index},           {"insert", deque_insert},
                {"reverse", deque_reverse}, {"copy", deque_copy},             {"__copy__", deque_copy},
                {"__reversed__", deque_reversed},
        };
        for (const auto& [name, fn] : methods) addMethod(t, name, fn);
        addClassMethod(t, "__class_getitem__", genericAliasClassGetItem);
        addProperty(t, "maxlen", deque_maxlen);
        t->finalize();
        return t;
    }();
    return type;
}

TypeObject* dequeIteratorType()
{
    static TypeObject* type = newIteratorType("_deque_iterator", "_collections", nullptr);
    return type;
}

// =============================================================================================
// namedtuple

/// namedtuple's field accessor: a read-only descriptor returning item `index` (CPython's _tuplegetter).
class TupleGetter : public Object {
public:
    TupleGetter(TypeObject* type, size_t index)
        : Object(type)
        , index(index)
    {
    }
    size_t index;
};

Ref<Object> tupleGetterGet(Object* descr, Object* instance, TypeObject*)
{
    if (!instance) return newRef(descr);
    const size_t index = static_cast<TupleGetter*>(descr)->index;
    if (!isTuple(instance))
        raise(types().TypeError, "descriptor for index '" + std::to_string(index) + "' for tuple subclasses doesn't apply to '"
                                     + typeName(instance) + "' object");
    auto items = tupleItems(instance);
    if (index >= items.size()) raise(types().IndexError, "tuple index out of range");
    return items[index];
}

void tupleGetterSet(Object*, Object*, Object*)
{
    raise(types().AttributeError, "can't set attribute");
}

Ref<Object> tupleGetterDoc(Object* self, CallArgs)
{
    return newStr("Alias for field number " + std::to_string(static_cast<TupleGetter*>(self)->index));
}

TypeObject* tupleGetterType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("_tuplegetter", types().object, 0, "collections");
        t->slots.descrGet = tupleGetterGet;
        t->slots.descrSet = tupleGetterSet;
        addProperty(t, "__doc__", tupleGetterDoc);
        t->finalize();
        return t;
    }();
    return type;
}

std::vector<std::string> fieldsOf(Object* cls)
{
    std::vector<std::string> out;
    Ref<Object> fields = getAttr(cls, "_fields");
    for (const Ref<Object>& f : toVector(fields.get())) out.emplace_back(strView(f.get()));
    return out;
}

std::string quotedList(const std::vector<std::string>& names)
{
    // CPython: 'a'; 'a' and 'b'; 'a', 'b', and 'c'
    std::string out;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
        out += "'" + names[i] + "'";
    }
    return out;
}

/// tuple.__new__(cls, items): a tuple instance of the namedtuple class.
Ref<Object> newTupleOf(Object* cls, std::vector<Ref<Object>> items)
{
    Ref<Object> list = newList(std::move(items));
    Object* argv[] = {list.get()};
    return types().tuple->slots.newObject(static_cast<TypeObject*>(cls), CallArgs {argv, 1, nullptr});
}

/// __new__(cls, field0, field1=default, ...): binds like the Python function namedtuple generates.
Ref<Object> namedtuple_new(Object*, CallArgs args)
{
    if (args.nargs < 1) raise(types().TypeError, "__new__() missing 1 required positional argument: '_cls'");
    Object* cls = args[0];
    const std::string fn = static_cast<TypeObject*>(cls)->name() + ".__new__()";
    const std::vector<std::string> fields = fieldsOf(cls);
    Ref<Object> defaults = getAttr(cls, "_field_defaults");
    const size_t n = fields.size();
    if (args.nargs - 1 > n)
        raise(types().TypeError, fn + " takes " + std::to_string(n + 1) + " positional argument" + (n ? "s" : "")
                                     + " but " + std::to_string(args.nargs) + " were given");
    std::vector<Ref<Object>> values(n);
    for (size_t i = 1; i < args.nargs; ++i) values[i - 1] = newRef(args[i]);
    const auto names = keywordNames(args);
    for (size_t k = 0; k < names.size(); ++k) {
        auto it = std::find(fields.begin(), fields.end(), names[k]);
        if (it == fields.end()) raise(types().TypeError, fn + " got an unexpected keyword argument '" + std::string(names[k]) + "'");
        auto& slotRef = values[static_cast<size_t>(it - fields.begin())];
        if (slotRef) raise(types().TypeError, fn + " got multiple values for argument '" + std::string(names[k]) + "'");
        slotRef = newRef(args[args.nargs + k]);
    }
    std::vector<std::string> missing;
    for (size_t i = 0; i < n; ++i) {
        if (values[i]) continue;
        if (Object* d = dictGet(static_cast<DictObject*>(defaults.get()), fields[i])) values[i] = newRef(d);
        else missing.push_back(fields[i]);
    }
    if (!missing.empty())
        raise(types().TypeError, fn + " missing " + std::to_string(missing.size()) + " required positional argument"
                                     + (missing.size() > 1 ? "s" : "") + ": " + quotedList(missing));
    return newTupleOf(cls, std::move(values));
}

Ref<Object> namedtuple_make(Object* cls, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("_make", args, {"iterable"}, a);
    std::vector<Ref<Object>> items = toVector(a[0]);
    const size_t n = fieldsOf(cls).size();
    if (items.size() != n)
        raise(types().TypeError, "Expected " + std::to_string(n) + " arguments, got " + std::to_string(items.size()));
    return newTupleOf(cls, std::move(items));
}

Ref<Object> namedtuple_repr(Object* self, CallArgs)
{
    const std::vector<std::string> fields = fieldsOf(self->type());
    auto items = tupleItems(self);
    std::string out = self->type()->name() + "(";
    for (size_t i = 0; i < fields.size() && i < items.size(); ++i)
        out += (i ? ", " : "") + fields[i] + "=" + reprText(items[i].get());
    return newStr(out + ")");
}

Ref<Object> namedtuple_asdict(Object* self, CallArgs args)
{
    parseArgs("_asdict", args, {}, {});
    const std::vector<std::string> fields = fieldsOf(self->type());
    auto items = tupleItems(self);
    Ref<DictObject> d = newDict();
    for (size_t i = 0; i < fields.size() && i < items.size(); ++i) dictSet(d.get(), fields[i], items[i].get());
    return Ref<Object>(d);
}

Ref<Object> namedtuple_replace(Object* self, CallArgs args)
{
    if (args.nargs != 0)
        raise(types().TypeError, "_replace() takes 1 positional argument but " + std::to_string(args.nargs + 1) + " were given");
    const std::vector<std::string> fields = fieldsOf(self->type());
    auto current = tupleItems(self);
    std::vector<Ref<Object>> values(current.begin(), current.end());
    std::vector<std::string> unknown;
    const auto names = keywordNames(args);
    for (size_t k = 0; k < names.size(); ++k) {
        auto it = std::find(fields.begin(), fields.end(), names[k]);
        if (it == fields.end()) unknown.emplace_back(names[k]);
        else values[static_cast<size_t>(it - fields.begin())] = newRef(args[args.nargs + k]);
    }
    if (!unknown.empty()) {
        std::string list = "[";
        for (size_t i = 0; i < unknown.size(); ++i) list += (i ? ", '" : "'") + unknown[i] + "'";
        raise(types().ValueError, "Got unexpected field names: " + list + "]");
    }
    return newTupleOf(self->type(), std::move(values));
}

Ref<Object> namedtuple_getnewargs(Object* self, CallArgs)
{
    auto items = tupleItems(self);
    return newTuple(std::vector<Ref<Object>>(items.begin(), items.end()));
}

bool isIdentifier(std::string_view s)
{
    if (s.empty()) return false;
    auto start = [](unsigned char c) { return c == '_' || std::isalpha(c) || c >= 0x80; };
    if (!start(static_cast<unsigned char>(s[0]))) return false;
    return std::all_of(s.begin() + 1, s.end(), [&](char c) {
        return start(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
    });
}

bool isKeyword(std::string_view s)
{
    static const std::set<std::string_view> keywords = {
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
            "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
            "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield"};
    return keywords.count(s) != 0;
}

std::vector<std::string> splitFieldNames(Object* fieldNames)
{
    std::vector<std::string> out;
    if (isStr(fieldNames)) {
        std::string text(strView(fieldNames));
        std::replace(text.begin(), text.end(), ',', ' ');
        size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
            size_t j = i;
            while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
            if (j > i) out.push_back(text.substr(i, j - i));
            i = j;
        }
        return out;
    }
    for (const Ref<Object>& f : toVector(fieldNames)) {
        Ref<Object> s = str(f.get());
        out.emplace_back(strView(s.get()));
    }
    return out;
}

} // namespace

namespace detail::stdlib {

/// collections.namedtuple as C++: a tuple subclass `typeName` with the given fields.
Ref<TypeObject> makeNamedTuple(std::string_view typeName, std::vector<std::string> fields,
                               std::vector<Ref<Object>> defaults, std::string_view module, bool rename)
{
    if (rename) {
        std::set<std::string> seen;
        for (size_t i = 0; i < fields.size(); ++i) {
            const std::string& f = fields[i];
            if (!isIdentifier(f) || isKeyword(f) || f[0] == '_' || seen.count(f)) fields[i] = "_" + std::to_string(i);
            seen.insert(fields[i]);
        }
    }
    std::vector<std::string> all {std::string(typeName)};
    all.insert(all.end(), fields.begin(), fields.end());
    for (const std::string& name : all) {
        if (!isIdentifier(name))
            raise(types().ValueError, "Type names and field names must be valid identifiers: '" + name + "'");
        if (isKeyword(name)) raise(types().ValueError, "Type names and field names cannot be a keyword: '" + name + "'");
    }
    std::set<std::string> seen;
    for (const std::string& name : fields) {
        if (name[0] == '_' && !rename)
            raise(types().ValueError, "Field names cannot start with an underscore: '" + name + "'");
        if (!seen.insert(name).second) raise(types().ValueError, "Encountered duplicate field name: '" + name + "'");
    }
    if (defaults.size() > fields.size()) raise(types().TypeError, "Got more default values than field names");

    Ref<DictObject> ns = newDict();
    std::string doc = std::string(typeName) + "(";
    std::vector<Ref<Object>> fieldObjs;
    for (size_t i = 0; i < fields.size(); ++i) {
        doc += (i ? ", " : "") + fields[i];
        fieldObjs.push_back(newStr(fields[i]));
    }
    doc += ")";
    Ref<Object> fieldTuple = newTuple(fieldObjs);
    Ref<DictObject> fieldDefaults = newDict();
    const size_t firstDefault = fields.size() - defaults.size();
    for (size_t i = 0; i < defaults.size(); ++i) dictSet(fieldDefaults.get(), fields[firstDefault + i], defaults[i].get());

    dictSet(ns.get(), "__doc__", newStr(doc).get());
    dictSet(ns.get(), "__slots__", newTuple(std::vector<Ref<Object>> {}).get());
    dictSet(ns.get(), "_fields", fieldTuple.get());
    dictSet(ns.get(), "_field_defaults", fieldDefaults.get());
    dictSet(ns.get(), "__match_args__", fieldTuple.get());
    dictSet(ns.get(), "__new__", newNativeFunction("__new__", namedtuple_new).get());
    dictSet(ns.get(), "_make", newClassMethodDescriptor("_make", namedtuple_make).get());
    dictSet(ns.get(), "_replace", newMethodDescriptor("_replace", namedtuple_replace).get());
    dictSet(ns.get(), "__repr__", newMethodDescriptor("__repr__", namedtuple_repr).get());
    dictSet(ns.get(), "_asdict", newMethodDescriptor("_asdict", namedtuple_asdict).get());
    dictSet(ns.get(), "__getnewargs__", newMethodDescriptor("__getnewargs__", namedtuple_getnewargs).get());
    for (size_t i = 0; i < fields.size(); ++i)
        dictSet(ns.get(), fields[i], make<TupleGetter>(tupleGetterType(), i).get());
    return newClass(typeName, {Ref<TypeObject>(types().tuple)}, ns, typeName, module);
}

} // namespace detail::stdlib

namespace {

Ref<Object> collections_namedtuple(Object*, CallArgs args)
{
    Object* a[5] = {};
    parseArgs("namedtuple", args, {"typename", "field_names", "*rename=", "defaults=", "module="}, a);
    std::vector<Ref<Object>> defaults;
    if (a[3] && a[3] != None()) defaults = toVector(a[3]);
    const std::string module = a[4] && a[4] != None() ? std::string(strView(a[4])) : "__main__";
    Ref<Object> name = str(a[0]);
    return makeNamedTuple(strView(name.get()), splitFieldNames(a[1]), std::move(defaults), module,
                          a[2] && isTrue(a[2]));
}

// =============================================================================================
// dict subclasses: defaultdict, Counter, OrderedDict

DictObject* checkedDict(Object* self)
{
    if (!isDict(self)) raise(types().TypeError, "descriptor requires a 'dict' object but received a '" + typeName(self) + "'");
    return static_cast<DictObject*>(self);
}

/// dict.__init__(self, *args, **kwargs) on a subclass instance.
void dictInit(Object* self, CallArgs args)
{
    types().dict->slots.init(self, args);
}

std::string dictReprText(Object* self)
{
    return strText(types().dict->slots.repr(self).get());
}

/// self[key] through __missing__ when the key is absent (dict.__getitem__ on a subclass).
Ref<Object> subscriptWithMissing(Object* self, CallArgs args)
{
    noKeywords("__getitem__", args);
    if (args.nargs != 1) raise(types().TypeError, "__getitem__ expected 1 argument, got " + std::to_string(args.nargs));
    if (Object* v = dictGet(checkedDict(self), args[0])) return newRef(v);
    Ref<Object> missing = getAttr(self, "__missing__");
    return call(missing.get(), {args[0]});
}

// defaultdict(default_factory=None, /, [...])
Ref<Object> defaultdict_init(Object* self, CallArgs args)
{
    Object* factory = None();
    if (args.nargs > 0) {
        factory = args[0];
        if (factory != None() && !isCallable(factory)) raise(types().TypeError, "first argument must be callable or None");
    }
    setAttr(self, "default_factory", factory);
    CallArgs rest {args.items + (args.nargs > 0 ? 1 : 0), args.nargs > 0 ? args.nargs - 1 : 0, args.kwnames};
    dictInit(self, rest);
    return newRef(None());
}

Ref<Object> defaultdict_missing(Object* self, CallArgs args)
{
    noKeywords("__missing__", args);
    if (args.nargs != 1) raise(types().TypeError, "__missing__() takes exactly one argument");
    Ref<Object> factory = getAttrOrNull(self, internStr("default_factory"));
    if (!factory || factory.get() == None()) raise(newException(types().KeyError, {newRef(args[0])}));
    Ref<Object> value = call(factory.get());
    setItem(self, args[0], value.get());
    return value;
}

Ref<Object> defaultdict_repr(Object* self, CallArgs)
{
    Ref<Object> factory = getAttrOrNull(self, internStr("default_factory"));
    const std::string f = factory ? reprText(factory.get()) : "None";
    return newStr(self->type()->name() + "(" + f + ", " + dictReprText(self) + ")");
}

Ref<Object> defaultdict_copy(Object* self, CallArgs)
{
    Ref<Object> factory = getAttrOrNull(self, internStr("default_factory"));
    return call(self->type(), {factory ? factory.get() : None(), self});
}

// Counter(iterable=None, /, **kwds)
void counterUpdate(Object* self, Object* source, bool subtract)
{
    DictObject* d = checkedDict(self);
    if (isDict(source) || (!isStr(source) && source->type()->lookup("keys") && source->type()->lookup("__getitem__"))) {
        if (!subtract && isDict(source) && dictItems(d).empty()) {
            callMethod(types().dict, "update", {self, source}); // dict.update(self, source)
            return;
        }
        Ref<Object> items = callMethod(source, "items");
        for (const Ref<Object>& pair : toVector(items.get())) {
            auto kv = tupleItems(pair.get());
            Object* current = dictGet(d, kv[0].get());
            Ref<Object> zero = newInt(0);
            Ref<Object> updated = subtract ? binaryOp(current ? current : zero.get(), kv[1].get(), BinaryOp::Sub)
                                           : binaryOp(kv[1].get(), current ? current : zero.get(), BinaryOp::Add);
            setItem(self, kv[0].get(), updated.get());
        }
        return;
    }
    Ref<Object> it = getIter(source);
    Ref<Object> one = newInt(1);
    while (Ref<Object> elem = iterNext(it.get())) {
        Object* current = dictGet(d, elem.get());
        Ref<Object> base = current ? newRef(current) : newInt(0);
        setItem(self, elem.get(), binaryOp(base.get(), one.get(), subtract ? BinaryOp::Sub : BinaryOp::Add).get());
    }
}

Ref<Object> kwargsDict(const CallArgs& args)
{
    Ref<DictObject> kw = newDict();
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) dictSet(kw.get(), names[i], args[args.nargs + i]);
    return Ref<Object>(kw);
}

Ref<Object> counterUpdateMethod(std::string_view name, Object* self, CallArgs args, bool subtract)
{
    if (args.nargs > 1)
        raise(types().TypeError, "expected at most 1 arguments, got " + std::to_string(args.nargs));
    if (args.nargs == 1 && args[0] != None()) counterUpdate(self, args[0], subtract);
    if (args.nkwargs()) counterUpdate(self, kwargsDict(args).get(), subtract);
    (void)name;
    return newRef(None());
}

Ref<Object> counter_init(Object* self, CallArgs args)
{
    return counterUpdateMethod("__init__", self, args, false);
}

Ref<Object> counter_update(Object* self, CallArgs args)
{
    return counterUpdateMethod("update", self, args, false);
}

Ref<Object> counter_subtract(Object* self, CallArgs args)
{
    return counterUpdateMethod("subtract", self, args, true);
}

Ref<Object> counter_missing(Object*, CallArgs)
{
    return newInt(0);
}

/// (elem, count) pairs by count descending; equal counts keep insertion order (a stable sort).
std::vector<std::pair<Object*, Object*>> byCount(Object* self)
{
    auto items = dictItems(checkedDict(self));
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& a, const auto& b) { return richCompareBool(b.second, a.second, CompareOp::Lt); });
    return items;
}

Ref<Object> counter_most_common(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("most_common", args, {"n="}, a);
    // Keep the counted objects alive while Python code runs in the comparisons.
    auto snapshot = dictItems(checkedDict(self));
    std::vector<Ref<Object>> keep;
    for (auto [k, v] : snapshot) {
        keep.push_back(newRef(k));
        keep.push_back(newRef(v));
    }
    auto items = byCount(self);
    size_t n = items.size();
    if (a[0] && a[0] != None()) n = static_cast<size_t>(std::clamp<int64_t>(toInt64(a[0]), 0, static_cast<int64_t>(n)));
    std::vector<Ref<Object>> out;
    for (size_t i = 0; i < n; ++i) out.push_back(newTuple({items[i].first, items[i].second}));
    return newList(std::move(out));
}

Ref<Object> counter_elements(Object* self, CallArgs args)
{
    parseArgs("elements", args, {}, {});
    std::vector<Ref<Object>> out;
    for (auto [k, v] : dictItems(checkedDict(self))) {
        const int64_t n = toInt64(v);
        for (int64_t i = 0; i < n; ++i) out.push_back(newRef(k));
    }
    Ref<Object> list = newList(std::move(out));
    return getIter(list.get());
}

Ref<Object> counter_total(Object* self, CallArgs args)
{
    parseArgs("total", args, {}, {});
    Ref<Object> sum = newInt(0);
    for (auto [k, v] : dictItems(checkedDict(self))) sum = binaryOp(sum.get(), v, BinaryOp::Add);
    return sum;
}

Ref<Object> counter_repr(Object* self, CallArgs)
{
    const std::string name = self->type()->name();
    auto items = byCount(self);
    if (items.empty()) return newStr(name + "()");
    Ref<DictObject> ordered = newDict();
    for (auto [k, v] : items) dictSet(ordered.get(), k, v);
    return newStr(name + "(" + reprText(ordered.get()) + ")");
}

Ref<Object> counter_copy(Object* self, CallArgs)
{
    return call(self->type(), {self});
}

/// Counter + Counter / Counter - Counter: combine counts, keep only positive results.
Ref<Object> counterCombine(Object* self, CallArgs args, BinaryOp op)
{
    if (args.nargs != 1 || !isDict(args[0]) || !args[0]->type()->lookup("most_common"))
        return newRef(NotImplemented());
    Object* other = args[0];
    Ref<Object> result = call(self->type());
    Ref<Object> zero = newInt(0);
    for (auto [elem, count] : dictItems(checkedDict(self))) {
        Object* theirs = dictGet(checkedDict(other), elem);
        Ref<Object> n = binaryOp(count, theirs ? theirs : zero.get(), op);
        if (richCompareBool(n.get(), zero.get(), CompareOp::Gt)) setItem(result.get(), elem, n.get());
    }
    for (auto [elem, count] : dictItems(checkedDict(other))) {
        if (dictGet(checkedDict(self), elem)) continue;
        Ref<Object> n = op == BinaryOp::Add ? newRef(count) : binaryOp(zero.get(), count, BinaryOp::Sub);
        if (richCompareBool(n.get(), zero.get(), CompareOp::Gt)) setItem(result.get(), elem, n.get());
    }
    return result;
}

Ref<Object> counter_add(Object* self, CallArgs args)
{
    return counterCombine(self, args, BinaryOp::Add);
}

Ref<Object> counter_sub(Object* self, CallArgs args)
{
    return counterCombine(self, args, BinaryOp::Sub);
}

/// Counter | Counter (max) and Counter & Counter (min), keeping only positive counts.
Ref<Object> counterMinMax(Object* self, CallArgs args, bool isMax)
{
    if (args.nargs != 1 || !isDict(args[0]) || !args[0]->type()->lookup("most_common"))
        return newRef(NotImplemented());
    Object* other = args[0];
    Ref<Object> result = call(self->type());
    Ref<Object> zero = newInt(0);
    for (auto [elem, count] : dictItems(checkedDict(self))) {
        Object* theirs = dictGet(checkedDict(other), elem);
        Object* t = theirs ? theirs : zero.get();
        const bool less = richCompareBool(count, t, CompareOp::Lt);
        Object* n = isMax ? (less ? t : count) : (less ? count : t);
        if (richCompareBool(n, zero.get(), CompareOp::Gt)) setItem(result.get(), elem, n);
    }
    if (isMax)
        for (auto [elem, count] : dictItems(checkedDict(other)))
            if (!dictGet(checkedDict(self), elem) && richCompareBool(count, zero.get(), CompareOp::Gt))
                setItem(result.get(), elem, count);
    return result;
}

Ref<Object> counter_or(Object* self, CallArgs args)
{
    return counterMinMax(self, args, true);
}

Ref<Object> counter_and(Object* self, CallArgs args)
{
    return counterMinMax(self, args, false);
}

/// +c keeps the positive counts, -c negates the negative ones.
Ref<Object> counterSign(Object* self, bool negate)
{
    Ref<Object> result = call(self->type());
    Ref<Object> zero = newInt(0);
    for (auto [elem, count] : dictItems(checkedDict(self))) {
        if (!negate && richCompareBool(count, zero.get(), CompareOp::Gt)) setItem(result.get(), elem, count);
        if (negate && richCompareBool(count, zero.get(), CompareOp::Lt))
            setItem(result.get(), elem, binaryOp(zero.get(), count, BinaryOp::Sub).get());
    }
    return result;
}

Ref<Object> counter_pos(Object* self, CallArgs)
{
    return counterSign(self, false);
}

Ref<Object> counter_neg(Object* self, CallArgs)
{
    return counterSign(self, true);
}

// OrderedDict
Ref<Object> ordereddict_repr(Object* self, CallArgs)
{
    const std::string name = self->type()->name();
    auto items = dictItems(checkedDict(self));
    if (items.empty()) return newStr(name + "()");
    std::string out = name + "([";
    for (size_t i = 0; i < items.size(); ++i)
        out += (i ? ", (" : "(") + reprText(items[i].first) + ", " + reprText(items[i].second) + ")";
    return newStr(out + "])");
}

Ref<Object> ordereddict_move_to_end(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("move_to_end", args, {"key", "last="}, a);
    DictObject* d = checkedDict(self);
    Object* found = dictGet(d, a[0]);
    if (!found) raise(newException(types().KeyError, {newRef(a[0])}));
    Ref<Object> value(found);
    Ref<Object> key(a[0]);
    const bool last = !a[1] || isTrue(a[1]);
    if (last) {
        dictDel(d, key.get());
        dictSet(d, key.get(), value.get());
        return newRef(None());
    }
    // Move to the front: re-insert everything after the key.
    std::vector<std::pair<Ref<Object>, Ref<Object>>> rest;
    for (auto [k, v] : dictItems(d))
        if (!equals(k, key.get())) rest.emplace_back(newRef(k), newRef(v));
    for (auto& [k, v] : rest) dictDel(d, k.get());
    dictDel(d, key.get());
    dictSet(d, key.get(), value.get());
    for (auto& [k, v] : rest) dictSet(d, k.get(), v.get());
    return newRef(None());
}

Ref<Object> ordereddict_popitem(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("popitem", args, {"last="}, a);
    DictObject* d = checkedDict(self);
    auto items = dictItems(d);
    if (items.empty()) raise(newException(types().KeyError, {newStr("dictionary is empty")}));
    const bool last = !a[0] || isTrue(a[0]);
    auto [k, v] = last ? items.back() : items.front();
    Ref<Object> pair = newTuple({k, v});
    dictDel(d, k);
    return pair;
}

Ref<Object> ordereddict_copy(Object* self, CallArgs)
{
    return call(self->type(), {self});
}

Ref<TypeObject> dictSubclass(std::string_view name, std::initializer_list<std::pair<const char*, NativeFn>> methods)
{
    Ref<DictObject> ns = newDict();
    for (const auto& [method, fn] : methods) dictSet(ns.get(), method, newMethodDescriptor(method, fn).get());
    dictSet(ns.get(), "__class_getitem__", newClassMethodDescriptor("__class_getitem__", genericAliasClassGetItem).get());
    return newClass(name, {Ref<TypeObject>(types().dict)}, ns, name, "collections");
}

} // namespace

Ref<Object> newDeque(std::vector<Ref<Object>> items)
{
    Ref<DequeObject> d = newNativeInstance<DequeObject>(dequeType());
    for (Ref<Object>& v : items) d->pushBack(std::move(v));
    return d;
}

Ref<Object> makeCollectionsModule(ModuleContext&)
{
    Ref<Object> m = newModule("collections");
    Object* mod = m.get();
    setModuleAttr(mod, "deque", dequeType());
    addFunction(mod, "namedtuple", collections_namedtuple);
    Ref<TypeObject> defaultdict = dictSubclass("defaultdict", {{"__init__", defaultdict_init},
                                                               {"__missing__", defaultdict_missing},
                                                               {"__getitem__", subscriptWithMissing},
                                                               {"__repr__", defaultdict_repr},
                                                               {"copy", defaultdict_copy},
                                                               {"__copy__", defaultdict_copy}});
    setModuleAttr(mod, "defaultdict", defaultdict.get());
    Ref<TypeObject> counter = dictSubclass("Counter", {{"__init__", counter_init},
                                                       {"__missing__", counter_missing},
                                                       {"__getitem__", subscriptWithMissing},
                                                       {"__repr__", counter_repr},
                                                       {"update", counter_update},
                                                       {"subtract", counter_subtract},
                                                       {"most_common", counter_most_common},
                                                       {"elements", counter_elements},
                                                       {"total", counter_total},
                                                       {"copy", counter_copy},
                                                       {"__add__", counter_add},
                                                       {"__sub__", counter_sub},
                                                       {"__or__", counter_or},
                                                       {"__and__", counter_and},
                                                       {"__pos__", counter_pos},
                                                       {"__neg__", counter_neg}});
    setModuleAttr(mod, "Counter", counter.get());
    Ref<TypeObject> ordered = dictSubclass("OrderedDict", {{"__repr__", ordereddict_repr},
                                                           {"move_to_end", ordereddict_move_to_end},
                                                           {"popitem", ordereddict_popitem},
                                                           {"copy", ordereddict_copy}});
    setModuleAttr(mod, "OrderedDict", ordered.get());
    return m;
}

} // namespace loopscope

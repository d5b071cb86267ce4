// Lazy iterators: the sequence and callable iterators, enumerate, zip, map, filter, reversed.
#include "runtime/objects.h"
#include "support/hash.h"

namespace loopscope {

using namespace detail;

namespace {

IterObject* I(Object* o) { return static_cast<IterObject*>(o); }

// iter(seq) for objects with only __getitem__.
Ref<Object> seqIterNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq) return {};
    Ref<Object> idx = newInt(it->index);
    try {
        Ref<Object> r = getItem(it->seq.get(), idx.get());
        ++it->index;
        return r;
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), types().IndexError) || isInstance(e.exception().get(), types().StopIteration)) {
            it->seq = nullptr;
            return {};
        }
        throw;
    }
}

// iter(callable, sentinel)
Ref<Object> callIterNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq) return {};
    Ref<Object> r;
    try {
        r = call(it->seq.get());
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), types().StopIteration)) {
            it->seq = nullptr;
            return {};
        }
        throw;
    }
    if (richCompareBool(r.get(), it->a.get(), CompareOp::Eq)) {
        it->seq = nullptr;
        it->a = nullptr;
        return {};
    }
    return r;
}

Ref<Object> enumerateNew(TypeObject* type, CallArgs args)
{
    Object* out[2];
    parseArgs("enumerate", args, { "iterable", "start=" }, out);
    auto* it = new IterObject(type);
    Ref<Object> r(it);
    it->seq = getIter(out[0]);
    if (out[1]) {
        if (!isInt(out[1])) raise(types().TypeError, "'" + typeName(out[1]) + "' object cannot be interpreted as an integer");
        it->a = Ref<Object>(out[1]);
    } else {
        it->a = newInt(0);
    }
    return r;
}

Ref<Object> enumerateNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq) return {};
    Ref<Object> item = iterNext(it->seq.get());
    if (!item) {
        it->seq = nullptr;
        return {};
    }
    Ref<Object> count = it->a;
    Ref<Object> one = newInt(1);
    it->a = binaryOp(count.get(), one.get(), BinaryOp::Add);
    return newTuple({ count.get(), item.get() });
}

Ref<Object> zipNew(TypeObject* type, CallArgs args)
{
    auto* it = new IterObject(type);
    Ref<Object> r(it);
    for (size_t i = 0; i < args.nargs; ++i) it->items.push_back(getIter(args[i]));
    if (Object* strict = keywordArgument(args, "strict")) it->flag = isTrue(strict);
    if (args.kwnames && args.kwnames->items.size() > (keywordArgument(args, "strict") ? 1u : 0u))
        raise(types().TypeError, "zip() got an unexpected keyword argument");
    it->seq = Ref<Object>(None());
    return r;
}

Ref<Object> zipNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq || it->items.empty()) return {};
    std::vector<Ref<Object>> row;
    row.reserve(it->items.size());
    for (size_t i = 0; i < it->items.size(); ++i) {
        Ref<Object> x = iterNext(it->items[i].get());
        if (!x) {
            it->seq = nullptr;
            if (it->flag) {
                if (i > 0)
                    raise(types().ValueError, "zip() argument " + std::to_string(i + 1) + " is shorter than argument" + (i == 1 ? " 1" : "s 1-" + std::to_string(i)));
                for (size_t j = 1; j < it->items.size(); ++j)
                    if (Ref<Object> extra = iterNext(it->items[j].get()))
                        raise(types().ValueError, "zip() argument " + std::to_string(j + 1) + " is longer than argument" + (j == 1 ? " 1" : "s 1-" + std::to_string(j)));
            }
            return {};
        }
        row.push_back(std::move(x));
    }
    return newTuple(std::move(row));
}

Ref<Object> mapNew(TypeObject* type, CallArgs args)
{
    noKeywords("map", args);
    if (args.nargs < 2) raise(types().TypeError, "map() must have at least two arguments.");
    auto* it = new IterObject(type);
    Ref<Object> r(it);
    it->a = Ref<Object>(args[0]);
    for (size_t i = 1; i < args.nargs; ++i) it->items.push_back(getIter(args[i]));
    it->seq = Ref<Object>(None());
    return r;
}

Ref<Object> mapNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq) return {};
    Object* small[8];
    std::vector<Ref<Object>> vals;
    vals.reserve(it->items.size());
    for (auto& x : it->items) {
        Ref<Object> v = iterNext(x.get());
        if (!v) {
            it->seq = nullptr;
            return {};
        }
        vals.push_back(std::move(v));
    }
    std::vector<Object*> raw;
    Object** buf = small;
    if (vals.size() > 8) {
        raw.resize(vals.size());
        buf = raw.data();
    }
    for (size_t i = 0; i < vals.size(); ++i) buf[i] = vals[i].get();
    return call(it->a.get(), CallArgs { buf, vals.size(), nullptr });
}

Ref<Object> filterNew(TypeObject* type, CallArgs args)
{
    checkArgCount("filter", args, 2, 2);
    auto* it = new IterObject(type);
    Ref<Object> r(it);
    it->a = Ref<Object>(args[0]);
    it->seq = getIter(args[1]);
    return r;
}

Ref<Object> filterNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq) return {};
    for (;;) {
        Ref<Object> x = iterNext(it->seq.get());
        if (!x) {
            it->seq = nullptr;
            return {};
        }
        bool keep = it->a.get() == None() ? isTrue(x.get()) : isTrue(call(it->a.get(), { x.get() }).get());
        if (keep) return x;
    }
}

Ref<Object> reversedNew(TypeObject* type, CallArgs args)
{
    checkArgCount("reversed", args, 1, 1);
    Object* seq = args[0];
    if (Object* f = seq->type()->lookup(names().reversed)) {
        if (f == None()) raise(types().TypeError, "'" + typeName(seq) + "' object is not reversible");
        return callPrepend(f, seq, CallArgs {});
    }
    if (!seq->type()->slots.len || !seq->type()->slots.getitem || isDict(seq))
        raise(types().TypeError, "'" + typeName(seq) + "' object is not reversible");
    auto* it = new IterObject(type);
    Ref<Object> r(it);
    it->seq = Ref<Object>(seq);
    it->index = length(seq) - 1;
    return r;
}

Ref<Object> reversedNext(Object* o)
{
    IterObject* it = I(o);
    if (!it->seq || it->index < 0) {
        it->seq = nullptr;
        return {};
    }
    Ref<Object> idx = newInt(it->index--);
    try {
        return getItem(it->seq.get(), idx.get());
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), types().IndexError) || isInstance(e.exception().get(), types().StopIteration)) {
            it->seq = nullptr;
            return {};
        }
        throw;
    }
}

} // namespace

namespace detail {

Ref<Object> newSeqIter(TypeObject* type, Ref<Object> seq)
{
    if (type == types().callIterator) type = extraTypes().seqIterator;
    auto* it = new IterObject(type);
    it->seq = std::move(seq);
    return Ref<Object>(it);
}

Ref<Object> newCallIter(Object* callable, Object* sentinel)
{
    auto* it = new IterObject(types().callIterator);
    it->seq = Ref<Object>(callable);
    it->a = Ref<Object>(sentinel);
    return Ref<Object>(it);
}

int64_t hashBytes(const void* data, size_t len)
{
    return support::hashBytes(std::string_view(static_cast<const char*>(data), len));
}

void initIterators(BuiltinTypes& t)
{
    auto& x = const_cast<ExtraTypes&>(extraTypes());
    auto make = [&](const char* name, slot::Next next, slot::New create = nullptr, uint32_t flags = 0) {
        TypeObject* ty = newStaticType(name, t.object, flags);
        ty->slots.next = next;
        ty->slots.iter = &selfIter;
        ty->slots.newObject = create;
        ty->finalize();
        return ty;
    };
    x.seqIterator = make("iterator", &seqIterNext);
    t.callIterator = make("callable_iterator", &callIterNext);
    t.enumerate = make("enumerate", &enumerateNext, &enumerateNew, TypeObject::BaseType);
    t.zip = make("zip", &zipNext, &zipNew, TypeObject::BaseType);
    t.map = make("map", &mapNext, &mapNew, TypeObject::BaseType);
    t.filter = make("filter", &filterNext, &filterNew, TypeObject::BaseType);
    t.reversed = make("reversed", &reversedNext, &reversedNew, TypeObject::BaseType);
    initBytes(t);
}

} // namespace detail


} // namespace loopscope

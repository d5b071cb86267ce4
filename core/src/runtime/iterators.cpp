// Lazy iterators: the sequence and callable iterators, enumerate, zip, map, filter, reversed;
// and a minimal bytes type (str.encode's result).
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

// --- bytes (minimal) ------------------------------------------------------------------------------
class BytesObject : public Object {
public:
    BytesObject(TypeObject* t, std::string d)
        : Object(t)
        , data(std::move(d))
    {
    }
    std::string data;
};
BytesObject* B(Object* o) { return static_cast<BytesObject*>(o); }

Ref<Object> bytesRepr(Object* o)
{
    const std::string& d = B(o)->data;
    bool sq = d.find('\'') != std::string::npos, dq = d.find('"') != std::string::npos;
    char quote = sq && !dq ? '"' : '\'';
    std::string out = "b";
    out += quote;
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : d) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else out += static_cast<char>(c);
    }
    out += quote;
    return newStr(out);
}
int64_t bytesLen(Object* o) { return static_cast<int64_t>(B(o)->data.size()); }
int64_t bytesHash(Object* o) { return hashBytes(B(o)->data.data(), B(o)->data.size()); }
Ref<Object> bytesRichCompare(Object* a, Object* b, CompareOp op)
{
    if (b->type() != types().bytes) return Ref<Object>(NotImplemented());
    int c = B(a)->data.compare(B(b)->data);
    bool r = op == CompareOp::Eq ? c == 0 : op == CompareOp::Ne ? c != 0 : op == CompareOp::Lt ? c < 0 : op == CompareOp::Le ? c <= 0 : op == CompareOp::Gt ? c > 0 : c >= 0;
    return Ref<Object>(boolObject(r));
}
Ref<Object> bytesGetItem(Object* o, Object* key)
{
    const std::string& d = B(o)->data;
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, static_cast<int64_t>(d.size()), start, stop, step);
        std::string out;
        for (int64_t i = 0, j = start; i < n; ++i, j += step) out += d[static_cast<size_t>(j)];
        return newBytes(out);
    }
    int64_t i = indexClamped(key);
    if (i < 0) i += static_cast<int64_t>(d.size());
    if (i < 0 || i >= static_cast<int64_t>(d.size())) raise(types().IndexError, "index out of range");
    return newInt(static_cast<unsigned char>(d[static_cast<size_t>(i)]));
}
Ref<Object> bytesIter(Object* o)
{
    std::vector<Ref<Object>> items;
    for (unsigned char c : B(o)->data) items.push_back(newInt(c));
    return getIter(newTuple(std::move(items)).get());
}
Ref<Object> bytesAdd(Object* a, Object* b)
{
    if (a->type() != types().bytes || b->type() != types().bytes) return Ref<Object>(NotImplemented());
    return newBytes(B(a)->data + B(b)->data);
}
Ref<Object> bytesDecode(Object* self, CallArgs args)
{
    Object* out[2];
    parseArgs("decode", args, { "encoding=", "errors=" }, out);
    std::string enc = out[0] ? std::string(strView(out[0])) : "utf-8";
    const std::string& d = B(self)->data;
    if (enc == "latin-1" || enc == "latin1") {
        std::string s;
        for (unsigned char c : d) {
            if (c < 0x80)
                s += static_cast<char>(c);
            else {
                s += static_cast<char>(0xC0 | (c >> 6));
                s += static_cast<char>(0x80 | (c & 0x3F));
            }
        }
        return newStr(s);
    }
    return newStr(d);
}
Ref<Object> bytesNew(TypeObject*, CallArgs args)
{
    checkArgCount("bytes", args, 0, 3);
    if (args.nargs == 0) return newBytes({});
    if (isStr(args[0])) {
        if (args.nargs < 2) raise(types().TypeError, "string argument without an encoding");
        return callMethod(args[0], "encode", { args[1] });
    }
    if (isInt(args[0])) return newBytes(std::string(static_cast<size_t>(asSsize(args[0])), '\0'));
    std::string d;
    for (const Ref<Object>& x : toVector(args[0])) {
        int64_t v = intValue(index(x.get()).get());
        if (v < 0 || v > 255) raise(types().ValueError, "bytes must be in range(0, 256)");
        d += static_cast<char>(v);
    }
    return newBytes(d);
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

    t.bytes = newStaticType("bytes", t.object);
    TypeSlots& s = t.bytes->slots;
    s.repr = &bytesRepr;
    s.len = &bytesLen;
    s.hash = &bytesHash;
    s.richcompare = &bytesRichCompare;
    s.getitem = &bytesGetItem;
    s.iter = &bytesIter;
    s.newObject = &bytesNew;
    s.binary[static_cast<size_t>(BinaryOp::Add)] = &bytesAdd;
    addMethod(t.bytes, "decode", &bytesDecode);
    t.bytes->finalize();
}

} // namespace detail

Ref<Object> detail::newBytes(std::string data) { return Ref<Object>(new BytesObject(types().bytes, std::move(data))); }

} // namespace loopscope

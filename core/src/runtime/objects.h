#pragma once
// Concrete layouts of the built-in objects and the runtime's internal helpers. Private to the core
// (core/src), but the VM, asyncio and stdlib code may include it for fast paths.

#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>

#include <gmp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loopscope {

/// int (and bool): an int64 while it fits, a GMP integer otherwise (always normalised).
class IntObject : public Object {
public:
    IntObject(TypeObject* type, int64_t v) noexcept
        : Object(type)
        , m_small(v)
    {
    }
    /// Copies `v`; the caller normalises (use detail::intFromMpz).
    IntObject(TypeObject* type, const mpz_t v);
    ~IntObject() override;

    bool isBig() const noexcept { return m_isBig; }
    int64_t small() const noexcept { return m_small; }
    const __mpz_struct* big() const noexcept { return m_big; }

private:
    int64_t m_small = 0;
    bool m_isBig = false;
    mpz_t m_big;
};

class FloatObject : public Object {
public:
    FloatObject(TypeObject* type, double v) noexcept
        : Object(type)
        , m_value(v)
    {
    }
    double value() const noexcept { return m_value; }

private:
    double m_value;
};

/// str: UTF-8 text with its length in code points and its hash cached.
class StrObject : public Object {
public:
    StrObject(TypeObject* type, std::string utf8);
    const std::string& text() const noexcept { return m_text; }
    std::string_view view() const noexcept { return m_text; }
    int64_t length() const noexcept { return m_length; }
    bool isAscii() const noexcept { return m_length == static_cast<int64_t>(m_text.size()); }
    /// CPython's str hash (siphash13 over the PEP 393 representation, PYTHONHASHSEED=0).
    int64_t hash() const noexcept;
    /// The code points (decoded on first use for non-ASCII text).
    const std::u32string& codePoints() const;
    /// Byte offset of code point `index` (0 <= index <= length).
    size_t byteOffset(int64_t index) const;

private:
    std::string m_text;
    int64_t m_length;
    mutable int64_t m_hash = -1;
    mutable std::u32string m_cps;
};

class TupleObject : public Object {
public:
    TupleObject(TypeObject* type, std::vector<Ref<Object>> items) noexcept
        : Object(type)
        , items(std::move(items))
    {
    }
    void clearRefs() override { items.clear(); }
    std::vector<Ref<Object>> items;
};

class ListObject : public Object {
public:
    ListObject(TypeObject* type, std::vector<Ref<Object>> items = {}) noexcept
        : Object(type)
        , items(std::move(items))
    {
    }
    void clearRefs() override { std::vector<Ref<Object>>().swap(items); }
    std::vector<Ref<Object>> items;
};

/// dict: insertion-ordered entries plus an open-addressing index (CPython's compact dict).
class DictObject : public Object {
public:
    struct Entry {
        int64_t hash;
        Ref<Object> key; ///< null: deleted
        Ref<Object> value;
    };
    explicit DictObject(TypeObject* type) noexcept
        : Object(type)
    {
    }
    size_t size() const noexcept { return m_used; }
    /// Entry index of key, or -1.
    int64_t find(Object* key, int64_t hash) const;
    int64_t find(Object* key) const;
    Object* get(Object* key) const;
    void set(Object* key, int64_t hash, Ref<Object> value);
    void set(Object* key, Ref<Object> value);
    /// Removes the key; returns the old value (empty when absent).
    Ref<Object> remove(Object* key, int64_t hash);
    void clear();
    /// Entries in insertion order; skip those with a null key.
    const std::vector<Entry>& entries() const noexcept { return m_entries; }
    std::vector<Entry>& entries() noexcept { return m_entries; }
    /// Bumped on every insertion or deletion (iteration checks it).
    uint64_t version() const noexcept { return m_version; }
    void clearRefs() override { clear(); }

private:
    void rebuild(size_t minIndexSize);
    std::vector<Entry> m_entries;
    std::vector<int32_t> m_index; // -1 empty, -2 deleted, else entry number
    size_t m_used = 0;
    size_t m_fill = 0; // index slots that are not empty (entries and deleted marks): probes need one empty
    uint64_t m_version = 0;
};

/// set and frozenset: CPython's setobject.c table (linear probes, then perturbation), so that
/// iteration orders match CPython's.
class SetObject : public Object {
public:
    struct Slot {
        Object* key = nullptr; ///< owned reference; kDummy when deleted
        int64_t hash = 0;
    };
    static Object* const kDummy;

    explicit SetObject(TypeObject* type);
    ~SetObject() override;
    void clearRefs() override { clear(); }

    size_t size() const noexcept { return m_used; }
    bool add(Object* key); ///< true when added
    bool add(Object* key, int64_t hash);
    bool contains(Object* key) const;
    bool contains(Object* key, int64_t hash) const;
    bool discard(Object* key); ///< true when it was present
    bool discard(Object* key, int64_t hash);
    /// Removes an arbitrary element (CPython's finger order); null when empty.
    Ref<Object> pop();
    void clear();
    /// Adds every element of `iterable` with CPython's fast paths for sets and dicts.
    void update(Object* iterable);
    const std::vector<Slot>& table() const noexcept { return m_table; }
    size_t fill() const noexcept { return m_fill; }
    uint64_t version() const noexcept { return m_version; }
    int64_t frozenHash() const;

private:
    friend struct SetAccess;
    friend class SetObjectTest;
    void insertClean(Object* key, int64_t hash);
    void resize(size_t minused);
    void merge(const SetObject* other);
    size_t lookup(Object* key, int64_t hash) const; // index of the active slot or SIZE_MAX

    std::vector<Slot> m_table;
    size_t m_fill = 0;
    size_t m_used = 0;
    size_t m_finger = 0;
    uint64_t m_version = 0;
    mutable int64_t m_hash = -1;
};

/// Internal operations of setobject.c that the set algorithms in set.cpp need.
struct SetAccess {
    static void resize(SetObject* s, size_t minused);
    static void swapBodies(SetObject* a, SetObject* b);
};

/// BaseException and every subclass (instances always carry a __dict__).
class ExceptionObject : public Object {
public:
    explicit ExceptionObject(TypeObject* type);
    void clearRefs() override;

    Ref<TupleObject> args;
    Ref<Object> cause;
    Ref<Object> context;
    Ref<Object> traceback;
    Ref<Object> value; ///< StopIteration.value, SystemExit.code; OSError's (errno, strerror, filename, filename2)
    Ref<DictObject> dict;
    bool suppressContext = false;
};

/// An instance of a class deriving (only) from object.
class InstanceObject : public Object {
public:
    explicit InstanceObject(TypeObject* type) noexcept
        : Object(type)
    {
    }
    void clearRefs() override { dict = nullptr; }
    Ref<DictObject> dict;
};

/// A built-in layout with a __dict__ added, for classes deriving from list, dict, int, …
template <class Layout>
class WithDict : public Layout {
public:
    using Layout::Layout;
    void clearRefs() override
    {
        dict = nullptr;
        Layout::clearRefs();
    }
    static Ref<DictObject>* dictPtr(Object* o) { return &static_cast<WithDict*>(o)->dict; }
    Ref<DictObject> dict;
};

class ModuleObject : public Object {
public:
    ModuleObject(TypeObject* type, std::string name);
    void clearRefs() override { dict = nullptr; }
    std::string name;
    Ref<DictObject> dict;
};

/// builtin_function_or_method: a native function, possibly bound to `self`.
class NativeFunctionObject : public Object {
public:
    NativeFunctionObject(TypeObject* type, std::string name, std::string qualname, NativeFn fn, Ref<Object> self)
        : Object(type)
        , name(std::move(name))
        , qualname(std::move(qualname))
        , fn(fn)
        , self(std::move(self))
    {
    }
    void clearRefs() override { self = nullptr; }
    std::string name;
    std::string qualname;
    NativeFn fn;
    Ref<Object> self;
};

/// A native method in a type's namespace (method_descriptor / classmethod_descriptor / staticmethod).
class MethodDescriptorObject : public Object {
public:
    enum class Kind : uint8_t { Method, ClassMethod, Static };
    MethodDescriptorObject(TypeObject* type, std::string name, NativeFn fn, TypeObject* owner, Kind kind)
        : Object(type)
        , name(std::move(name))
        , fn(fn)
        , owner(owner)
        , kind(kind)
    {
    }
    std::string name;
    NativeFn fn;
    TypeObject* owner; // owners are the immortal built-in types
    Kind kind;
};

/// A slot exposed as a method (`int.__add__`, `object.__init__`): wrapper_descriptor.
class SlotWrapperObject : public Object {
public:
    SlotWrapperObject(TypeObject* type, std::string name, TypeObject* owner, int which)
        : Object(type)
        , name(std::move(name))
        , owner(owner)
        , which(which)
    {
    }
    std::string name;
    TypeObject* owner;
    int which;
};

/// A bound method: a callable and the instance it was looked up on.
class MethodObject : public Object {
public:
    MethodObject(TypeObject* type, Ref<Object> func, Ref<Object> self)
        : Object(type)
        , func(std::move(func))
        , self(std::move(self))
    {
    }
    void clearRefs() override
    {
        func = nullptr;
        self = nullptr;
    }
    Ref<Object> func;
    Ref<Object> self;
};

/// property, classmethod, staticmethod (and native getset properties).
class PropertyObject : public Object {
public:
    explicit PropertyObject(TypeObject* type)
        : Object(type)
    {
    }
    void clearRefs() override
    {
        fget = fset = fdel = doc = nullptr;
        dict = nullptr;
    }
    Ref<Object> fget, fset, fdel, doc;
    NativeFn nativeGet = nullptr;
    NativeFn nativeSet = nullptr;
    TypeObject* ownerType = nullptr; ///< set for native (getset) properties
    std::string name;
    Ref<DictObject> dict;
};

/// classmethod / staticmethod wrappers.
class WrapperObject : public Object {
public:
    WrapperObject(TypeObject* type, Ref<Object> func)
        : Object(type)
        , func(std::move(func))
    {
    }
    void clearRefs() override
    {
        func = nullptr;
        dict = nullptr;
    }
    Ref<Object> func;
    Ref<DictObject> dict;
};

class SuperObject : public Object {
public:
    SuperObject(TypeObject* type)
        : Object(type)
    {
    }
    void clearRefs() override
    {
        thisType = nullptr;
        obj = nullptr;
        objType = nullptr;
    }
    Ref<TypeObject> thisType;
    Ref<Object> obj;
    Ref<TypeObject> objType;
};

/// range: int64 bounds (ranges beyond int64 raise OverflowError).
class RangeObject : public Object {
public:
    RangeObject(TypeObject* type, int64_t start, int64_t stop, int64_t step, int64_t length) noexcept
        : Object(type)
        , start(start)
        , stop(stop)
        , step(step)
        , length(length)
    {
    }
    int64_t start, stop, step, length;
};

class SliceObject : public Object {
public:
    SliceObject(TypeObject* type, Ref<Object> start, Ref<Object> stop, Ref<Object> step)
        : Object(type)
        , start(std::move(start))
        , stop(std::move(stop))
        , step(std::move(step))
    {
    }
    void clearRefs() override { start = stop = step = nullptr; }
    Ref<Object> start, stop, step;
};

/// A generic iterator object: a sequence, a position, and whatever else the kind needs.
class IterObject : public Object {
public:
    explicit IterObject(TypeObject* type)
        : Object(type)
    {
    }
    void clearRefs() override
    {
        seq = a = b = nullptr;
        items.clear();
    }
    Ref<Object> seq; ///< what is iterated (null once exhausted)
    Ref<Object> a, b; ///< kind-specific (function, sentinel, count, …)
    std::vector<Ref<Object>> items; ///< zip/map: the iterators
    int64_t index = 0;
    int64_t end = 0;
    int64_t step = 0;
    uint64_t version = 0;
    size_t expectedSize = 0;
    bool flag = false;
};

// ---------------------------------------------------------------------------------------------
namespace detail {

/// Types that are not part of the public BuiltinTypes.
struct ExtraTypes {
    TypeObject *methodDescriptor, *classMethodDescriptor, *slotWrapper, *getSetDescriptor, *listReverseIterator,
        *longRangeIterator, *setIteratorKind, *mappingProxy, *dictReverseIterator, *seqIterator, *rangeReverse;
    // OSError subclasses and warnings beyond the public BuiltinTypes.
    std::vector<TypeObject*> moreExceptions;
};
const ExtraTypes& extraTypes() noexcept;

/// Interned names of the dunders the runtime dispatches on.
struct Names {
    StrObject *init, *new_, *repr, *str, *hash, *eq, *ne, *lt, *le, *gt, *ge, *call, *getattr, *getattribute,
        *setattr, *delattr, *len, *bool_, *iter, *next, *getitem, *setitem, *delitem, *contains, *await,
        *aiter, *anext, *get, *set, *delete_, *index, *int_, *float_, *neg, *pos, *invert, *abs, *dict,
        *class_, *name, *qualname, *module, *doc, *send, *throw_, *format, *initSubclass, *setName, *mro,
        *bases, *round, *reversed, *missing, *classGetitem, *enter, *exit, *set_name, *length_hint,
        *keys, *trunc, *floor, *ceil, *bytes, *complex, *dir, *sizeof_, *reduce, *traceback, *cause,
        *context, *suppressContext, *args, *value, *notes;
    std::array<StrObject*, static_cast<size_t>(BinaryOp::Count)> binary, reflected;
};
const Names& names() noexcept;

// Initialisation of each part (called by initRuntime in this order).
void initObjectAndType(BuiltinTypes& t);
void initInt(BuiltinTypes& t);
void initFloat(BuiltinTypes& t);
void initStr(BuiltinTypes& t);
void initTuple(BuiltinTypes& t);
void initList(BuiltinTypes& t);
void initDict(BuiltinTypes& t);
void initSet(BuiltinTypes& t);
void initRange(BuiltinTypes& t);
void initFunctions(BuiltinTypes& t);
void initExceptions(BuiltinTypes& t);
void initIterators(BuiltinTypes& t);
void initBytes(BuiltinTypes& t);
void initGenericAlias(BuiltinTypes& t);
/// isinstance/issubclass against a types.UnionType (each member) or a GenericAlias (TypeError);
/// nullopt when `classinfo` is neither.
std::optional<bool> unionInstanceCheck(Object* o, Object* classinfo, bool subclass);
TypeObject* genericAliasTypeObject();
TypeObject* unionTypeObject();

// int helpers.
/// pow(a, b, m) for ints (negative exponents use the modular inverse).
Ref<Object> intPowMod(Object* a, Object* b, Object* m);
Ref<Object> intFromMpz(const mpz_t v);
/// Sets `out` (initialised by the caller) to the int's value.
void intToMpz(const Object* o, mpz_t out);
int intSign(const Object* o);
/// float(int) with correct rounding; raises OverflowError.
double intToDouble(const Object* o);
/// Compares int and double exactly: -1, 0, 1; `unordered` when the double is NaN.
int compareIntDouble(const Object* i, double d, bool& unordered);
int64_t hashDouble(double v);
std::string intToDecimal(const Object* o);
/// `__index__` of any object as an int object (raises TypeError like CPython).
Ref<Object> index(Object* o);
/// `__index__` as a clamped Py_ssize_t (for slicing).
int64_t indexClamped(Object* o);
/// A non-negative int that fits in int64 (or raises IndexError "cannot fit 'int' into an index-sized integer").
int64_t asSsize(Object* o);

// str helpers.
Ref<Object> strFromCodePoints(const std::u32string& cps);
std::string strRepr(std::string_view utf8);
/// ascii(): escapes every non-ASCII code point of (repr) text.
std::string asciiEscape(std::string_view utf8);
Ref<Object> newBytes(std::string data);
/// The bytes of a bytes object (its type must be bytes).
const std::string& bytesData(Object* o);
void initBytes(BuiltinTypes& t);
bool isPrintable(char32_t cp);
Ref<Object> formatObject(Object* value, Object* spec);

// Slices.
/// Normalises a slice against a length (CPython's PySlice_GetIndicesEx); returns the slice length.
int64_t sliceIndices(Object* slice, int64_t length, int64_t& start, int64_t& stop, int64_t& step);
bool isSlice(const Object* o) noexcept;

// Hashing.
int64_t hashBytes(const void* data, size_t len);
int64_t hashTupleItems(std::span<const Ref<Object>> items);
/// Lexicographic comparison of two item vectors (tuple and list rich comparison).
Ref<Object> sequenceCompare(const std::vector<Ref<Object>>& a, const std::vector<Ref<Object>>& b, CompareOp op);
/// The iter slot of iterators: returns the object itself.
Ref<Object> selfIter(Object* o);

/// Repr recursion guard (CPython's Py_ReprEnter): false when `o` is already being repr'd.
bool reprEnter(Object* o);
void reprLeave(Object* o);
struct ReprGuard {
    explicit ReprGuard(Object* o)
        : obj(o)
        , entered(reprEnter(o))
    {
    }
    ~ReprGuard()
    {
        if (entered) reprLeave(obj);
    }
    Object* obj;
    bool entered;
};

extern Object* g_trueObject;
extern Object* g_falseObject;
/// float ** float with CPython's special cases and errors.
Ref<Object> floatPow(double x, double y);
/// divmod for floats (raises ZeroDivisionError "float divmod()").
void floatDivMod(double x, double y, double& q, double& r);
/// Raises the exception a support::FormatResult describes.
[[noreturn]] void raiseFormatError(int kind, const std::string& message);
int64_t objectId(const Object* o);
int64_t objectIdOf(Object* o);
/// The hash slot of unhashable types (list, dict, set): raises TypeError.
int64_t unhashable(Object* o);
void setupSlotWrapperType(TypeObject* t);
void initObjectMethods(BuiltinTypes& t);
void finalizeFunctions(BuiltinTypes& t);

/// `<module.Name object at 0x...>`-style address: the heap id printed in hex.
std::string addressText(Object* o);
/// The type's name for messages ('int', 'Potato').
inline const std::string& typeName(const Object* o) { return o->type()->name(); }

/// Raises TypeError with "... takes no keyword arguments" when args has keywords.
void noKeywords(std::string_view function, CallArgs args);
/// Checks positional count (CPython's "f expected at most 2 arguments, got 3" family).
void checkArgCount(std::string_view function, CallArgs args, size_t min, size_t max);
/// Keyword value by name, or null.
Object* keywordArgument(CallArgs args, std::string_view name);

/// Wraps a vector as CallArgs storage.
struct ArgVec {
    std::vector<Object*> items;
    Ref<TupleObject> kwnames;
    CallArgs args() const { return CallArgs { items.data(), items.size() - (kwnames ? kwnames->items.size() : 0), kwnames.get() }; }
};
/// Calls with `self` prepended to args.
Ref<Object> callPrepend(Object* callable, Object* self, CallArgs args);

/// Object's default behaviours, used by the `object` type and by heap-type dispatch.
Ref<Object> objectNew(TypeObject* type, CallArgs args);
void objectInit(Object* self, CallArgs args);
Ref<Object> objectRepr(Object* self);

/// Heap-type layout hooks: a built-in base creates instances of subclasses with WithDict<>.
Ref<DictObject>* instanceDictPtr(Object* o);

// The types of the runtime's own iterators over sequences.
Ref<Object> newSeqIter(TypeObject* type, Ref<Object> seq);
/// iter(callable, sentinel).
Ref<Object> newCallIter(Object* callable, Object* sentinel);
Ref<Object> newSet(TypeObject* type);
Ref<Object> newFrozenSet(std::vector<Ref<Object>> items);
Ref<Object> newRange(int64_t start, int64_t stop, int64_t step);
Ref<Object> newSlice(Object* start, Object* stop, Object* step);
Ref<Object> sortedList(Object* iterable, Object* key, bool reverse);
void listSort(ListObject* list, Object* key, bool reverse);

/// bool(x) through __bool__ then __len__ (already in isTrue; exposed for clarity).
Ref<Object> typeCall(Object* callable, CallArgs args);
/// type.__new__(metatype, name, bases, namespace, **kwds): a class whose type is `metatype`.
Ref<Object> typeNew(TypeObject* metatype, CallArgs args);
/// type.__init__: the class is complete after __new__; extra arguments are accepted.
void typeInit(Object* self, CallArgs args);

} // namespace detail

// Fast casts (the caller has checked the type).
inline IntObject* asInt(Object* o) { return static_cast<IntObject*>(o); }
inline const IntObject* asInt(const Object* o) { return static_cast<const IntObject*>(o); }
inline StrObject* asStr(Object* o) { return static_cast<StrObject*>(o); }
inline const StrObject* asStr(const Object* o) { return static_cast<const StrObject*>(o); }
inline TupleObject* asTuple(Object* o) { return static_cast<TupleObject*>(o); }
inline ListObject* asList(Object* o) { return static_cast<ListObject*>(o); }
inline DictObject* asDict(Object* o) { return static_cast<DictObject*>(o); }
inline SetObject* asSet(Object* o) { return static_cast<SetObject*>(o); }
inline ExceptionObject* asException(Object* o) { return static_cast<ExceptionObject*>(o); }

bool isSetOrFrozenset(const Object* o) noexcept;
bool isBool(const Object* o) noexcept;

} // namespace loopscope

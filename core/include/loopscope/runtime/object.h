#pragma once
// The object model: every Python value is an Object with an intrusive reference count and a
// TypeObject whose slots implement its behaviour (CPython's design, small).

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

namespace loopscope {

class Object;
class TypeObject;
class StrObject;
class TupleObject;
class Heap;

/// Owns one reference to an Object (or to nothing). Ref<T> converts to Ref<Base>.
template <class T>
class Ref {
public:
    Ref() noexcept = default;
    Ref(std::nullptr_t) noexcept { }
    /// Takes a new reference to `p`.
    explicit Ref(T* p) noexcept
        : m_ptr(p)
    {
        if (m_ptr) m_ptr->incref();
    }
    Ref(const Ref& o) noexcept
        : Ref(o.m_ptr)
    {
    }
    Ref(Ref&& o) noexcept
        : m_ptr(std::exchange(o.m_ptr, nullptr))
    {
    }
    template <class U>
    Ref(const Ref<U>& o) noexcept
        : Ref(static_cast<T*>(o.get()))
    {
    }
    template <class U>
    Ref(Ref<U>&& o) noexcept
        : m_ptr(static_cast<T*>(o.release()))
    {
    }
    ~Ref()
    {
        if (m_ptr) m_ptr->decref();
    }
    Ref& operator=(Ref o) noexcept
    {
        std::swap(m_ptr, o.m_ptr);
        return *this;
    }
    T* get() const noexcept { return m_ptr; }
    T* operator->() const noexcept { return m_ptr; }
    T& operator*() const noexcept { return *m_ptr; }
    explicit operator bool() const noexcept { return m_ptr != nullptr; }
    /// Gives up ownership without a decref.
    T* release() noexcept { return std::exchange(m_ptr, nullptr); }
    /// Takes over a reference the caller already owns.
    static Ref adopt(T* p) noexcept
    {
        Ref r;
        r.m_ptr = p;
        return r;
    }
    friend bool operator==(const Ref& a, const Ref& b) noexcept { return a.m_ptr == b.m_ptr; }
    friend bool operator==(const Ref& a, std::nullptr_t) noexcept { return a.m_ptr == nullptr; }

private:
    T* m_ptr = nullptr;
};

/// Makes a new object of type T; the Ref holds its only reference.
template <class T, class... Args>
Ref<T> make(Args&&... args)
{
    return Ref<T>(new T(std::forward<Args>(args)...));
}

/// Base of every Python value.
class Object {
public:
    static constexpr uint32_t kImmortal = 0x40000000u;

    explicit Object(TypeObject* type) noexcept;
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;
    virtual ~Object();

    TypeObject* type() const noexcept { return m_type; }
    /// For `obj.__class__ = C` between compatible layouts, and for heap types made after the instance.
    void setType(TypeObject* type) noexcept;

    void incref() noexcept
    {
        if (m_refcount < kImmortal) ++m_refcount;
    }
    void decref() noexcept
    {
        if (m_refcount < kImmortal && --m_refcount == 0) dealloc();
    }
    uint32_t refcount() const noexcept { return m_refcount; }
    /// Never freed again (None, True, the built-in types, small ints); safe to share between heaps and threads.
    void makeImmortal() noexcept;
    bool isImmortal() const noexcept { return m_refcount >= kImmortal; }

    /// Drops every reference this object holds to others (CPython's tp_clear). Heap teardown calls it
    /// on everything still alive, which frees what reference cycles kept alive.
    virtual void clearRefs() { }

    /// The heap that owns this object (the one current when it was made), or null.
    Heap* heap() const noexcept;

    /// Objects live in their heap's pool (runtime/objectpool.h), which also finds their heap.
    static void* operator new(size_t n);
    static void operator delete(void* p) noexcept;

protected:
    /// Runs once, when the count first reaches zero after setNeedsFinalize(true), with the object
    /// still whole (CPython's tp_finalize, PEP 442): it may hand `this` out; a new reference keeps it alive.
    virtual void finalizeInstance() noexcept { }
    void setNeedsFinalize(bool b) noexcept { m_needsFinalize = b; }

private:
    friend class Heap;
    void dealloc() noexcept;

    // The small fields last: a subclass's own small fields fill the 3 bytes after them (the
    // Itanium ABI reuses a non-POD base's tail padding), so the header costs 24 bytes at most.
    TypeObject* m_type;
    uint32_t m_refcount = 0;
    bool m_needsFinalize = false;
};

/// Arguments of a call, vectorcall style: `nargs` positional values, then one value per keyword name.
struct CallArgs {
    Object* const* items = nullptr;
    size_t nargs = 0;
    TupleObject* kwnames = nullptr; ///< null when there are no keyword arguments
    size_t nkwargs() const noexcept;
    size_t total() const noexcept { return nargs + nkwargs(); }
    Object* operator[](size_t i) const noexcept { return items[i]; }
};

/// A Python exception in flight through native code. The VM catches it at call boundaries.
class PyException : public std::exception {
public:
    explicit PyException(Ref<Object> exc) noexcept
        : m_exc(std::move(exc))
    {
    }
    const Ref<Object>& exception() const noexcept { return m_exc; }
    const char* what() const noexcept override { return "Python exception"; }

private:
    Ref<Object> m_exc;
};

/// The result of resuming a coroutine, generator or await-iterator (CPython's PySendResult).
struct SendResult {
    enum class Status : uint8_t { Yielded, Returned };
    Status status = Status::Returned;
    Ref<Object> value; ///< what was yielded, or the return value
};

enum class CompareOp : uint8_t { Lt, Le, Eq, Ne, Gt, Ge };

/// Binary operators; the in-place forms follow the plain ones in the same order.
enum class BinaryOp : uint8_t {
    Add, Sub, Mul, MatMul, TrueDiv, FloorDiv, Mod, Pow, LShift, RShift, And, Or, Xor,
    InplaceAdd, InplaceSub, InplaceMul, InplaceMatMul, InplaceTrueDiv, InplaceFloorDiv, InplaceMod,
    InplacePow, InplaceLShift, InplaceRShift, InplaceAnd, InplaceOr, InplaceXor,
    Count
};
enum class UnaryOp : uint8_t { Neg, Pos, Invert, Count };

/// Slot signatures. Conventions: a Python exception is a thrown PyException; "not found" and
/// "exhausted" are empty Refs; binary and rich-compare slots return NotImplemented to decline.
namespace slot {
using Repr = Ref<Object> (*)(Object* self);
using Hash = int64_t (*)(Object* self);
using RichCompare = Ref<Object> (*)(Object* a, Object* b, CompareOp op);
using Call = Ref<Object> (*)(Object* callable, CallArgs args);
using GetAttr = Ref<Object> (*)(Object* self, StrObject* name); ///< empty when missing
using SetAttr = void (*)(Object* self, StrObject* name, Object* value); ///< value null: delete
using Unary = Ref<Object> (*)(Object* self);
using Binary = Ref<Object> (*)(Object* a, Object* b);
using Ternary = Ref<Object> (*)(Object* a, Object* b, Object* c);
using Bool = bool (*)(Object* self);
using Len = int64_t (*)(Object* self);
using GetItem = Ref<Object> (*)(Object* self, Object* key);
using SetItem = void (*)(Object* self, Object* key, Object* value); ///< value null: delete
using Contains = bool (*)(Object* self, Object* item);
using Iter = Ref<Object> (*)(Object* self);
using Next = Ref<Object> (*)(Object* self); ///< empty when exhausted (no StopIteration raised)
using DescrGet = Ref<Object> (*)(Object* descr, Object* instance, TypeObject* owner);
using DescrSet = void (*)(Object* descr, Object* instance, Object* value); ///< value null: delete
using New = Ref<Object> (*)(TypeObject* type, CallArgs args);
using Init = void (*)(Object* self, CallArgs args);
using Send = SendResult (*)(Object* self, Object* value);
using Throw = SendResult (*)(Object* self, Object* exc);
} // namespace slot

} // namespace loopscope

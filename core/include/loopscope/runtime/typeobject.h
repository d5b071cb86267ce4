#pragma once
// TypeObject: a Python class. Built-in types fill the slots in C++; a class statement makes a
// heap type whose slots call the class's dunder methods (found along the MRO).

#include <loopscope/runtime/object.h>

#include <array>
#include <string>
#include <vector>

namespace loopscope {

class DictObject;

/// The behaviour of a type. Empty slots mean "not supported" (or "inherit" before finalize()).
struct TypeSlots {
    slot::Repr repr = nullptr;
    slot::Repr str = nullptr;
    slot::Hash hash = nullptr;
    slot::RichCompare richcompare = nullptr;
    slot::Call call = nullptr;
    slot::GetAttr getattr = nullptr;
    slot::SetAttr setattr = nullptr;
    std::array<slot::Binary, static_cast<size_t>(BinaryOp::Count)> binary {};
    std::array<slot::Unary, static_cast<size_t>(UnaryOp::Count)> unary {};
    slot::Unary abs = nullptr;
    slot::Unary index = nullptr; ///< __index__: the int value
    slot::Unary toInt = nullptr; ///< __int__
    slot::Unary toFloat = nullptr; ///< __float__
    slot::Bool boolean = nullptr;
    slot::Len len = nullptr;
    slot::GetItem getitem = nullptr;
    slot::SetItem setitem = nullptr;
    slot::Contains contains = nullptr;
    slot::Iter iter = nullptr;
    slot::Next next = nullptr;
    slot::DescrGet descrGet = nullptr;
    slot::DescrSet descrSet = nullptr;
    slot::New newObject = nullptr;
    slot::Init init = nullptr;
    slot::Unary await = nullptr; ///< __await__: returns the await-iterator
    slot::Unary aiter = nullptr;
    slot::Unary anext = nullptr;
    slot::Send send = nullptr; ///< for await/yield-from delegation without a method call
    slot::Throw throwExc = nullptr;
};

class TypeObject : public Object {
public:
    enum Flags : uint32_t {
        HeapType = 1u << 0, ///< made by a class statement
        BaseType = 1u << 1, ///< may be subclassed
        HasDict = 1u << 2, ///< instances carry a __dict__
        ExceptionType = 1u << 3, ///< BaseException or a subclass
        Abstract = 1u << 4,
        Sequence = 1u << 5, ///< Py_TPFLAGS_SEQUENCE: sequence patterns match instances (list, tuple, range have it built in)
        Mapping = 1u << 6,  ///< Py_TPFLAGS_MAPPING: mapping patterns match instances (dict has it built in)
    };

    /// A static (built-in) type; call finalize() once its slots and methods are in place.
    TypeObject(std::string name, TypeObject* base, uint32_t flags = BaseType);
    ~TypeObject() override;

    const std::string& name() const noexcept { return m_name; }
    const std::string& qualname() const noexcept { return m_qualname; }
    void setQualname(std::string q) { m_qualname = std::move(q); }
    const std::string& module() const noexcept { return m_module; }
    void setModule(std::string m) { m_module = std::move(m); }

    TypeObject* base() const noexcept { return m_base; }
    const std::vector<Ref<TypeObject>>& bases() const noexcept { return m_bases; }
    const std::vector<TypeObject*>& mro() const noexcept { return m_mro; }
    bool isSubtypeOf(const TypeObject* other) const noexcept;
    uint32_t flags() const noexcept { return m_flags; }
    bool hasFlag(Flags f) const noexcept { return (m_flags & f) != 0; }

    /// The class namespace (`__dict__`): methods, descriptors, class attributes.
    DictObject* dict() const noexcept { return m_dict.get(); }
    /// Looks `name` up along the MRO without invoking descriptors (CPython's _PyType_Lookup).
    Object* lookup(StrObject* name) const noexcept;
    Object* lookup(std::string_view name) const;

    TypeSlots slots;

    /// Where an instance keeps its `__dict__` (null: instances have none). Inherited by subclasses.
    Ref<DictObject>* (*instanceDict)(Object* instance) = nullptr;
    /// For a built-in type: the `instanceDict` its heap subclasses get (their layout adds a dict).
    Ref<DictObject>* (*subclassDict)(Object* instance) = nullptr;

    /// Computes the MRO and inherits empty slots from the bases. Call after filling a static type.
    void finalize();
    /// For heap types: sets the bases (C3 MRO), and derives slots from dunders in the namespace.
    void setBases(std::vector<Ref<TypeObject>> bases);
    /// Re-derives the dunder-dispatching slots after `name` was assigned in a heap type's namespace.
    void updateSlot(std::string_view name);

    void clearRefs() override;

private:
    std::string m_name;
    std::string m_qualname;
    std::string m_module = "builtins";
    TypeObject* m_base;
    std::vector<Ref<TypeObject>> m_bases;
    std::vector<TypeObject*> m_mro;
    Ref<DictObject> m_dict;
    uint32_t m_flags;
};

} // namespace loopscope

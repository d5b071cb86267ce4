#pragma once
// The runtime's public face: the built-in types, the singletons, constructors for built-in values,
// and the abstract protocol (CPython's abstract.c / object.c) every other part of the core uses.
// Native code raises Python exceptions with raise(...) (a thrown PyException).

#include <loopscope/runtime/object.h>
#include <loopscope/runtime/typeobject.h>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

class DictObject;

/// Every built-in type and exception class. Filled once by initRuntime(); all immortal.
struct BuiltinTypes {
    TypeObject *type, *object, *noneType, *notImplementedType, *ellipsisType;
    TypeObject *int_, *bool_, *float_, *str, *bytes, *tuple, *list, *dict, *set, *frozenset, *range, *slice;
    TypeObject *builtinFunction, *method, *function, *cell, *code, *module, *property, *classmethod,
        *staticmethod, *super, *generator, *coroutine, *asyncGenerator, *nativeCoroutine;
    TypeObject *listIterator, *tupleIterator, *rangeIterator, *strIterator, *dictKeys, *dictValues, *dictItems,
        *dictIterator, *setIterator, *enumerate, *zip, *map, *filter, *reversed, *callIterator;
    // Exceptions, with Python's hierarchy.
    TypeObject *BaseException, *BaseExceptionGroup, *ExceptionGroup, *SystemExit, *KeyboardInterrupt,
        *GeneratorExit, *Exception, *StopIteration, *StopAsyncIteration, *ArithmeticError,
        *FloatingPointError, *OverflowError, *ZeroDivisionError, *AssertionError, *AttributeError,
        *BufferError, *EOFError, *ImportError, *ModuleNotFoundError, *LookupError, *IndexError, *KeyError,
        *MemoryError, *NameError, *UnboundLocalError, *OSError, *TimeoutError, *ReferenceError,
        *RuntimeError, *NotImplementedError, *RecursionError, *SyntaxError, *IndentationError, *TabError,
        *SystemError, *TypeError, *ValueError, *UnicodeError, *UnicodeDecodeError, *UnicodeEncodeError,
        *Warning, *UserWarning, *DeprecationWarning, *RuntimeWarning;
};

/// Builds the built-in types once per process (idempotent, thread-safe).
void initRuntime();
/// The built-in types; initRuntime() must have run.
const BuiltinTypes& types() noexcept;

// Singletons (immortal; the functions return borrowed pointers).
namespace detail {
extern Object* g_none; // set once by initRuntime()
} // namespace detail
/// Inline: every call, step and comparison asks for it.
inline Object* None() noexcept { return detail::g_none; }
Object* True() noexcept;
Object* False() noexcept;
Object* NotImplemented() noexcept;
Object* Ellipsis() noexcept;
inline Object* boolObject(bool b) noexcept { return b ? True() : False(); }
inline Ref<Object> newRef(Object* o) noexcept { return Ref<Object>(o); }

// ---------------------------------------------------------------------------------------------
// Constructors and accessors of built-in values.
Ref<Object> newInt(int64_t value);
/// The most decimal digits int<->str conversions accept (sys.get_int_max_str_digits(); 0: no limit).
inline constexpr int64_t kDefaultIntMaxStrDigits = 4300;
int64_t intMaxStrDigits() noexcept;
/// For this thread's run; the interpreter resets it to kDefaultIntMaxStrDigits when a run starts.
void setIntMaxStrDigits(int64_t digits) noexcept;
/// Parses decimal (or base-prefixed when base == 0) digits, e.g. a big literal.
Ref<Object> newIntFromString(std::string_view digits, int base = 10);
Ref<Object> newFloat(double value);
Ref<StrObject> newStr(std::string_view utf8);
/// An interned str: the same object for the same text (attribute names, identifiers).
StrObject* internStr(std::string_view utf8);
Ref<TupleObject> newTuple(std::vector<Ref<Object>> items);
Ref<TupleObject> newTuple(std::initializer_list<Object*> items);
Ref<Object> newList(std::vector<Ref<Object>> items = {});
Ref<DictObject> newDict();
Ref<Object> newSet(std::vector<Ref<Object>> items = {});

bool isInt(const Object* o) noexcept; ///< int or a subclass (bool included)
bool isFloat(const Object* o) noexcept;
bool isStr(const Object* o) noexcept;
bool isTuple(const Object* o) noexcept;
bool isList(const Object* o) noexcept;
bool isDict(const Object* o) noexcept;
bool isExceptionInstance(const Object* o) noexcept;
bool isExceptionType(const Object* o) noexcept;

/// The int's value; raises OverflowError when it does not fit.
int64_t intValue(Object* o);
/// True and sets `out` when the int fits in int64.
bool intFits(Object* o, int64_t& out) noexcept;
double floatValue(Object* o); ///< a float's value (no conversion)
std::string_view strView(const Object* o); ///< the UTF-8 text of a str
std::span<const Ref<Object>> tupleItems(const Object* o);
std::vector<Ref<Object>>& listItems(Object* o);

// Dict helpers (keys hashed and compared with Python semantics).
Object* dictGet(DictObject* d, Object* key); ///< borrowed; null when absent
Object* dictGet(DictObject* d, std::string_view key);
void dictSet(DictObject* d, Object* key, Object* value);
void dictSet(DictObject* d, std::string_view key, Object* value);
bool dictDel(DictObject* d, Object* key); ///< false when absent
/// Insertion-ordered (key, value) pairs, borrowed.
std::vector<std::pair<Object*, Object*>> dictItems(DictObject* d);

// ---------------------------------------------------------------------------------------------
// Native functions and classes.

/// A native function: `self` is the bound object (or null), args as passed.
using NativeFn = Ref<Object> (*)(Object* self, CallArgs args);

/// A builtin_function_or_method; bound to `self` when given (then repr says "built-in method").
Ref<Object> newNativeFunction(std::string_view name, NativeFn fn, Object* self = nullptr,
                              std::string_view qualname = {});
/// Adds a method (descriptor that binds on attribute access) to a type's namespace.
void addMethod(TypeObject* type, std::string_view name, NativeFn fn);
void addClassMethod(TypeObject* type, std::string_view name, NativeFn fn);
void addStaticMethod(TypeObject* type, std::string_view name, NativeFn fn);
/// Adds a read-only (setter null) or read-write property implemented natively.
void addProperty(TypeObject* type, std::string_view name, NativeFn getter, NativeFn setter = nullptr);
/// A new immortal built-in (static) type deriving from `base`; fill slots and methods, then finalize().
TypeObject* newStaticType(std::string_view name, TypeObject* base, uint32_t flags = TypeObject::BaseType,
                          std::string_view module = "builtins");

/// A class statement's result: a heap type with C3 MRO whose slots dispatch to its dunders.
/// `classKeywords` (the class statement's keywords) go to the parent's __init_subclass__.
Ref<TypeObject> newClass(std::string_view name, std::vector<Ref<TypeObject>> bases, Ref<DictObject> ns,
                         std::string_view qualname, std::string_view module,
                         const std::vector<std::pair<Ref<Object>, Ref<Object>>>* classKeywords = nullptr);
/// A module object with its own namespace dict.
Ref<Object> newModule(std::string_view name);
DictObject* moduleDict(Object* module);

/// Binds CallArgs to named parameters with CPython's error messages.
/// `spec` lists parameter names; a leading '*' marks keyword-only ones, a trailing '=' marks optional.
/// Example: parseArgs("sleep", args, {"delay", "result="}, out) -> out[1] null when not given.
void parseArgs(std::string_view function, CallArgs args, std::initializer_list<std::string_view> spec,
               std::span<Object*> out);

// ---------------------------------------------------------------------------------------------
// Raising exceptions.

[[noreturn]] void raise(TypeObject* type, std::string message);
[[noreturn]] void raise(Ref<Object> exception);
/// Makes an exception instance `type(*args)`.
Ref<Object> newException(TypeObject* type, std::string message);
Ref<Object> newException(TypeObject* type, std::vector<Ref<Object>> args);
/// Exception instance fields.
Object* exceptionArgs(Object* exc); ///< the args tuple
Object* exceptionCause(Object* exc);
Object* exceptionContext(Object* exc);
void setExceptionCause(Object* exc, Object* cause);
void setExceptionContext(Object* exc, Object* context);
/// StopIteration.value / the value a generator returned.
Object* stopIterationValue(Object* exc);

// ---------------------------------------------------------------------------------------------
// The abstract protocol. Each may raise.

Ref<Object> repr(Object* o);
Ref<Object> str(Object* o);
std::string reprText(Object* o); ///< repr(o) as UTF-8
std::string strText(Object* o); ///< str(o) as UTF-8
int64_t hash(Object* o);
bool isTrue(Object* o);
Ref<Object> richCompare(Object* a, Object* b, CompareOp op);
bool richCompareBool(Object* a, Object* b, CompareOp op); ///< identity implies equality for Eq/Ne
bool equals(Object* a, Object* b);
Ref<Object> binaryOp(Object* a, Object* b, BinaryOp op);
Ref<Object> unaryOp(Object* a, UnaryOp op);
bool contains(Object* container, Object* item);
int64_t length(Object* o);
Ref<Object> getItem(Object* o, Object* key);
/// types.GenericAlias(origin, args): what `list[int]` makes (`args` not a tuple: a 1-tuple of it).
Ref<Object> newGenericAlias(Object* origin, Object* args);
/// `__class_getitem__ = classmethod(GenericAlias)`, for types that subscript like list (asyncio.Queue[int]).
Ref<Object> genericAliasClassGetItem(Object* cls, CallArgs args);
void setItem(Object* o, Object* key, Object* value);
void delItem(Object* o, Object* key);

Ref<Object> getAttr(Object* o, StrObject* name); ///< raises AttributeError
Ref<Object> getAttr(Object* o, std::string_view name);
Ref<Object> getAttrOrNull(Object* o, StrObject* name); ///< empty when missing
void setAttr(Object* o, StrObject* name, Object* value);
void setAttr(Object* o, std::string_view name, Object* value);
void delAttr(Object* o, StrObject* name);
/// Generic attribute lookup for instances (descriptors, __dict__, class attributes); usable as a
/// getattr slot, so it answers empty (does not raise) when the attribute is missing.
Ref<Object> genericGetAttr(Object* o, StrObject* name);
void genericSetAttr(Object* o, StrObject* name, Object* value);
/// The instance __dict__ of an object whose type has HasDict, or null.
DictObject* instanceDict(Object* o);

Ref<Object> call(Object* callable, CallArgs args);
/// A bound method object (`<bound method A.f of ...>`): calling it calls func(self, *args).
Ref<Object> newBoundMethod(Object* func, Object* self);
/// Calls `o.name(*args)` without making a bound method when the attribute is a plain method.
Ref<Object> callMethod(Object* o, StrObject* name, CallArgs args);
Ref<Object> call(Object* callable, std::initializer_list<Object*> positional = {});
Ref<Object> callMethod(Object* o, std::string_view name, std::initializer_list<Object*> positional = {});
bool isCallable(Object* o) noexcept;
/// What names a callable without a __name__: its repr (error messages) or its type's name (the
/// trace's rule for a callable instance or a bad callback).
enum class UnnamedCallable : uint8_t { Repr, TypeName };
/// `__name__` of a function, bound method (of its function), partial (unwrapped) or class.
std::string callableName(Object* callable, UnnamedCallable unnamed = UnnamedCallable::Repr);

Ref<Object> getIter(Object* o);
Ref<Object> iterNext(Object* iterator); ///< empty when exhausted
std::vector<Ref<Object>> toVector(Object* iterable);

bool isInstance(Object* o, TypeObject* type) noexcept;
bool isInstance(Object* o, Object* classinfo); ///< a type or a tuple of types
bool isSubclass(Object* cls, Object* classinfo);

/// Resumes an await-iterator/generator/coroutine (send slot, else `send`/`__next__` methods).
SendResult send(Object* iterator, Object* value);
/// Throws `exc` into it (throw slot, else its `throw` method; raises exc when it has none).
SendResult throwInto(Object* iterator, Object* exc);

} // namespace loopscope

#pragma once
// The VM's callable objects: Python functions, closure cells and code objects as Python values.

#include "vm/code.h"

#include <loopscope/runtime/runtime.h>

#include <memory>
#include <string>

namespace loopscope {

class DictObject;
class TupleObject;

/// A compiled code object as a Python value (`f.__code__`, a constant of an enclosing code).
class CodeValue : public Object {
public:
    explicit CodeValue(std::shared_ptr<const CodeObject> code);
    std::shared_ptr<const CodeObject> code;
};

/// A closure cell (`cell` type): one variable shared between a scope and its inner functions.
class CellObject : public Object {
public:
    CellObject();
    void clearRefs() override { contents = nullptr; }
    Ref<Object> contents; ///< empty when unbound
};

/// A function defined in Python (`def`, `lambda`, a class body, a comprehension).
class FunctionObject : public Object {
public:
    FunctionObject(std::shared_ptr<const CodeObject> code, Ref<DictObject> globals, Ref<DictObject> builtins);
    void clearRefs() override;

    std::shared_ptr<const CodeObject> code;
    Ref<DictObject> globals;
    Ref<DictObject> builtins;
    Ref<Object> defaults; ///< tuple or empty
    Ref<Object> kwdefaults; ///< dict or empty
    Ref<Object> closure; ///< tuple of cells or empty
    Ref<Object> annotations; ///< dict, made empty on first access when the def has none
    std::string name;
    std::string qualname;
    Ref<Object> module;
    Ref<Object> doc;
    Ref<DictObject> dict;
};

/// Fills the slots of the function, cell and code types (idempotent).
void initFunctionTypes();

} // namespace loopscope

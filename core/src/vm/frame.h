#pragma once
// A heap frame: one activation of a code object. It owns its locals, cells and value stack, so a
// suspended generator or coroutine keeps its whole state in it.

#include "vm/code.h"
#include "vm/function.h"

#include <loopscope/runtime/runtime.h>

#include <memory>
#include <vector>

namespace loopscope {

class GeneratorObject;

struct Frame {
    Frame(std::shared_ptr<const CodeObject> code, Ref<DictObject> globals, Ref<DictObject> builtins);

    /// The locals of the frame as (name, repr) pairs, for observers that ask for them.
    std::vector<std::pair<std::string, std::string>> localsSnapshot() const;
    /// The line of the instruction the frame is at (the one that suspended it, when suspended).
    int currentLine() const;

    std::shared_ptr<const CodeObject> codeHold;
    const CodeObject* code;
    Ref<DictObject> globals;
    Ref<DictObject> builtins;
    Ref<Object> locals; ///< the locals mapping of module and class bodies, else empty
    Ref<FunctionObject> function; ///< the function being run, when there is one
    std::vector<Ref<Object>> fast;
    std::vector<Ref<CellObject>> cells;
    std::vector<Ref<Object>> stack;
    const Ref<Object>* consts = nullptr;
    StrObject* const* names = nullptr;
    uint32_t pc = 0; ///< next instruction
    uint32_t lasti = 0; ///< the instruction being executed (or that suspended the frame)
    int lastLine = -1; ///< for the line hook
    Frame* back = nullptr;
    GeneratorObject* generator = nullptr; ///< the generator/coroutine owning this frame
    Ref<Object> kwnames; ///< KW_NAMES for the next CALL
    bool started = false;
    bool finished = false;
};

} // namespace loopscope

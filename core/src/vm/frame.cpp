#include "vm/frame.h"

#include "runtime/objects.h"

namespace loopscope {

Frame::Frame(std::shared_ptr<const CodeObject> c, Ref<DictObject> g, Ref<DictObject> b)
    : codeHold(std::move(c))
    , code(codeHold.get())
    , globals(std::move(g))
    , builtins(std::move(b))
{
    fast.resize(code->varnames.size());
    cells.resize(code->cellvars.size() + code->freevars.size());
    stack.reserve(size_t(code->stacksize) + 4);
}

std::vector<std::pair<std::string, std::string>> Frame::localsSnapshot() const
{
    std::vector<std::pair<std::string, std::string>> out;
    auto add = [&](const std::string& name, Object* v) {
        std::string text;
        try {
            text = reprText(v);
        } catch (const PyException&) {
            text = "<repr failed>";
        }
        out.emplace_back(name, std::move(text));
    };
    for (size_t i = 0; i < fast.size(); ++i)
        if (fast[i]) add(code->varnames[i], fast[i].get());
    const size_t ncell = code->cellvars.size();
    for (size_t i = 0; i < cells.size(); ++i) {
        if (!cells[i] || !cells[i]->contents) continue;
        add(i < ncell ? code->cellvars[i] : code->freevars[i - ncell], cells[i]->contents.get());
    }
    return out;
}

int Frame::currentLine() const { return code->lineAt(lasti); }

} // namespace loopscope

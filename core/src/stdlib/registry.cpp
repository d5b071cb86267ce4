// The table of importable stdlib modules, and the map from a run's heap to its ModuleContext.

#include "stdlib/stdlibutil.h"

#include <loopscope/runtime/heap.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

namespace loopscope {

namespace {

struct ModuleEntry {
    std::string_view name;
    Ref<Object> (*make)(ModuleContext&);
};

// Sorted by name: availableModules() lists them in this order.
constexpr ModuleEntry kModules[] = {
        {"collections", makeCollectionsModule},
        {"contextvars", makeContextvarsModule},
        {"datetime", makeDatetimeModule},
        {"functools", makeFunctoolsModule},
        {"heapq", makeHeapqModule},
        {"itertools", makeItertoolsModule},
        {"math", makeMathModule},
        {"operator", makeOperatorModule},
        {"random", makeRandomModule},
        {"string", makeStringModule},
        {"sys", makeSysModule},
        {"time", makeTimeModule},
        {"traceback", makeTracebackModule},
        {"typing", makeTypingModule},
};

std::mutex g_contextsMutex;
// Looked up by the current heap only, never iterated in an order that matters.
std::unordered_map<const Heap*, ModuleContext*> g_contexts;

} // namespace

void detail::stdlib::registerContext(ModuleContext& ctx)
{
    const Heap* heap = Heap::current();
    if (!heap) return;
    std::lock_guard lock(g_contextsMutex);
    g_contexts[heap] = &ctx;
}

ModuleContext::~ModuleContext()
{
    std::lock_guard lock(g_contextsMutex);
    std::erase_if(g_contexts, [this](const auto& entry) { return entry.second == this; });
}

ModuleContext& contextForCurrentHeap()
{
    {
        std::lock_guard lock(g_contextsMutex);
        auto it = g_contexts.find(Heap::current());
        if (it != g_contexts.end()) return *it->second;
    }
    static ModuleContext fallback; // nobody advances its clock
    return fallback;
}

Ref<Object> importStdlibModule(std::string_view name, ModuleContext& ctx)
{
    for (const ModuleEntry& entry : kModules) {
        if (entry.name != name) continue;
        detail::stdlib::registerContext(ctx);
        return entry.make(ctx);
    }
    return {};
}

std::vector<std::string> availableModules()
{
    std::vector<std::string> out;
    for (const ModuleEntry& entry : kModules) out.emplace_back(entry.name);
    return out;
}

} // namespace loopscope

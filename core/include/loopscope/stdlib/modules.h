#pragma once
// The standard-library modules a scenario may import (asyncio lives elsewhere). Each module is
// built afresh for a run by a make function; the VM caches what it gets (its sys.modules), so a
// run sees one `random` module with one global Random instance, and two runs share no state.

#include <loopscope/asyncio/clock.h>
#include <loopscope/runtime/object.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

/// What the modules need from the run. One per run; it must outlive the run's modules.
struct ModuleContext {
    ModuleContext() = default;
    /// Forgets the heaps this context was registered for (see contextForCurrentHeap).
    ~ModuleContext();
    ModuleContext(const ModuleContext&) = delete;
    ModuleContext& operator=(const ModuleContext&) = delete;

    /// The run's clock (the event loop's): time.monotonic() reads it, time.sleep(x) advances it.
    /// Points at `ownClock` until the run connects its loop's clock.
    VirtualClock* clock = &ownClock;
    VirtualClock ownClock;
    /// time.sleep(x) when the run provides it: moves the loop's clock and tells the observers (the
    /// GUI's clock, the timeline). Unset: `clock` is advanced silently.
    std::function<void(double seconds)> sleep;

    /// Where sys.stdout.write (and sys.stderr.write) send text: print's sink. Null: text is dropped.
    std::function<void(std::string_view)> writeStdout;
    std::function<void(std::string_view)> writeStderr;

    /// sys.argv.
    std::vector<std::string> argv { "scenario.py" };
    /// sys.getrecursionlimit()/setrecursionlimit(); the VM may read it to size its frame stack.
    int64_t recursionLimit = 1000;
    /// The exception being handled where the program runs (sys.exception()), null when none. Set by the VM.
    std::function<Object*()> handledException;
    /// The strings traceback.format_exception(exc, limit=limit, chain=chain) returns, or with `only`
    /// those of format_exception_only(exc). Set by the VM, which knows the sources.
    std::function<std::vector<std::string>(Object* exc, std::optional<int64_t> limit, bool chain, bool only)> formatException;
};

/// random's global instance, random.Random() and random.seed(None) all seed with 0: CPython
/// seeds from os.urandom, but a run must be reproducible (step back re-executes it).
inline constexpr int64_t kDefaultRandomSeed = 0;

/// Each builds a new module object for the run (see the file comment); importStdlibModule picks one by name.
Ref<Object> makeRandomModule(ModuleContext& ctx);
Ref<Object> makeTimeModule(ModuleContext& ctx);
Ref<Object> makeDatetimeModule(ModuleContext& ctx);
Ref<Object> makeCollectionsModule(ModuleContext& ctx);
Ref<Object> makeContextvarsModule(ModuleContext& ctx);
Ref<Object> makeFunctoolsModule(ModuleContext& ctx);
Ref<Object> makeItertoolsModule(ModuleContext& ctx);
Ref<Object> makeMathModule(ModuleContext& ctx);
Ref<Object> makeHeapqModule(ModuleContext& ctx);
Ref<Object> makeSysModule(ModuleContext& ctx);
Ref<Object> makeStringModule(ModuleContext& ctx);
Ref<Object> makeOperatorModule(ModuleContext& ctx);
Ref<Object> makeTypingModule(ModuleContext& ctx);
Ref<Object> makeTracebackModule(ModuleContext& ctx);

/// A new collections.deque of `items` (asyncio keeps its waiters and the ready queue in deques).
Ref<Object> newDeque(std::vector<Ref<Object>> items);

/// Builds the module `name` for this run, or returns an empty Ref when it is not one of ours.
/// Call once per name and run, and cache the result: each call makes a new module.
Ref<Object> importStdlibModule(std::string_view name, ModuleContext& ctx);
/// The names importStdlibModule knows, sorted (for the ModuleNotFoundError hint; add "asyncio").
std::vector<std::string> availableModules();

/// The context of the run whose heap is current (Heap::current()), as registered by the last module
/// made for that heap; a shared context whose clock stays at 0 when there is none. Class methods of
/// static types (datetime.datetime.now) find their run this way.
ModuleContext& contextForCurrentHeap();

/// functools.partial support: the wrapped callable of a partial object, or null when `o` is not one.
/// Nested partials are flattened on construction, as in CPython, so one step unwraps fully.
Object* partialFunc(Object* o) noexcept;
/// True when `o` is a functools.partial (or a subclass) instance.
bool isPartial(const Object* o) noexcept;

} // namespace loopscope

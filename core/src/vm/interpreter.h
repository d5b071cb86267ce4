#pragma once
// The bytecode interpreter: a switch loop over one heap Frame at a time. Python-to-Python calls
// recurse through the function type's call slot, so native code (sorted's key, asyncio's tasks)
// and the VM call each other freely. One Interpreter per run; it is current on its thread while
// the run executes.

#include "vm/frame.h"
#include "vm/generator.h"

#include <loopscope/runtime/runtime.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

namespace loopscope {

class RunContext;
struct ModuleContext;

/// Ends a run from inside the VM without giving Python code a chance to catch it.
class RunAborted : public std::exception {
public:
    enum class Reason : uint8_t { IterationBudget, InstructionBudget, Internal };
    RunAborted(Reason reason, std::string message)
        : reason(reason)
        , message(std::move(message))
    {
    }
    const char* what() const noexcept override { return message.c_str(); }
    Reason reason;
    std::string message;
};

struct InterpreterOptions {
    /// Instructions allowed without the event loop getting control back (0: unlimited).
    uint64_t instructionBudget = 50'000'000;
    int recursionLimit = 1000;
    bool captureLocals = false;
};

/// What one evaluation of a frame ended with.
struct EvalResult {
    enum class Kind : uint8_t { Returned, Yielded, Delegated };
    Kind kind = Kind::Returned;
    Ref<Object> value;
};

class Interpreter {
public:
    Interpreter(RunContext* ctx, ModuleContext* modules, InterpreterOptions options);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// The interpreter running on this thread, or null.
    static Interpreter* current() noexcept;
    class Scope {
    public:
        explicit Scope(Interpreter& interp) noexcept;
        ~Scope();

    private:
        Interpreter* m_previous;
    };

    /// Runs a module's code with `module`'s dict as globals and locals (raises what escapes).
    void runModule(std::shared_ptr<const CodeObject> code, Object* module);
    /// Calls a Python function with vectorcall arguments (`fromNative`: through the call slot,
    /// which only changes the RecursionError text, as in CPython).
    Ref<Object> callFunction(FunctionObject* fn, CallArgs args, bool fromNative = false);
    /// Runs `frame` from where it stands: pushes `value` when resuming a started frame, or raises
    /// `exc` at the suspension point.
    EvalResult eval(Frame& frame, Object* value, Object* exc);

    /// The `import` machinery: a module for `name` (dotted), cached per run.
    Ref<Object> importModule(const std::string& name);
    /// Registers a file's text for traceback source lines.
    void addSource(const std::string& filename, std::string source);
    /// "Traceback (most recent call last): …" with chained exceptions, as CPython prints it.
    std::string formatException(Object* exc);
    /// warnings.warn with the default filters: "file:line: Category: message" and the source line on
    /// the run's error output, once per location and text (the module's __warningregistry__).
    void warn(std::string_view category, std::string_view message, bool aboutObject);
    /// logging.getLogger('asyncio').log(level, message, exc_info=exc) when the program has imported
    /// logging; false when it has not (or the call failed): the caller falls back to lastResort.
    bool logToAsyncioLogger(int level, std::string_view message, Object* exc);
    /// The strings traceback.format_exception(exc, limit=limit, chain=chain) returns (`only`:
    /// format_exception_only's, the exception's line and its notes).
    std::vector<std::string> formatExceptionChunks(Object* exc, std::optional<int64_t> limit, bool chain, bool only);

    DictObject* builtins() const noexcept { return m_builtins.get(); }
    RunContext* runContext() const noexcept { return m_ctx; }
    ModuleContext* moduleContext() const noexcept { return m_modules; }
    Frame* currentFrame() const noexcept { return m_frame; }
    /// The exception being handled (sys.exception()), or null.
    Object* handledException() const noexcept { return m_handled.get(); }

    /// The event loop got control back: the instruction budget starts again.
    void resetInstructionBudget() noexcept;
    /// Makes the VM stop at the next instruction with RunAborted.
    void requestAbort(RunAborted::Reason reason, std::string message);
    /// Called every kStopCheckInterval instructions, so that a run looping on one line can still
    /// be stopped from another thread: the check calls requestAbort() when it wants the run to end.
    void setStopCheck(void (*check)(void* ctx), void* ctx) noexcept;
    static constexpr uint64_t kStopCheckInterval = 1u << 20;
    /// Turns the line hook on or off (observers present).
    void setLineEvents(bool on) noexcept { m_lineEvents = on; }
    /// Locals of frames reported with line events, when asked for.
    std::function<void(const Frame&)> localsSink;

    /// Per code object and run: its constants as runtime objects and its names interned.
    struct CodeCache {
        std::vector<Ref<Object>> consts;
        std::vector<StrObject*> names;
    };
    const CodeCache& cacheOf(const CodeObject* code);
    Ref<Object> constantObject(const Constant& c);

    // --- used by generators and vmbuiltins
    Ref<Object> m_handled;
    int m_depth = 0;

private:
    friend class GeneratorObject;
    void slowTick(Frame& f);
    uint64_t nextTickLimit() const noexcept;
    void lineEvent(Frame& f, int line);
    void addTraceback(Object* exc, Frame& f);
    Ref<Object> callObject(Object* callable, Object* const* args, size_t nargs, TupleObject* kwnames, Frame& f);
    void bindArguments(FunctionObject* fn, Frame& frame, CallArgs args);
    Ref<Object> importName(const std::string& name, Object* fromlist, int level, Frame& f);

    /// C++ stack the nested evaluations may use (threads get 8 MiB on Linux; keep a margin).
    static constexpr ptrdiff_t kMaxStackBytes = 4 << 20;
    char* m_stackBase = nullptr;
    RunContext* m_ctx;
    ModuleContext* m_modules;
    InterpreterOptions m_options;
    std::set<std::tuple<std::string, int, std::string>> m_warningRegistry; // (file, line, text) shown
    Ref<DictObject> m_builtins;
    Frame* m_frame = nullptr;
    uint64_t m_ticks = 0;
    uint64_t m_tickLimit = 0;
    uint64_t m_budget = 0; // instructions allowed between two handles; m_tickLimit may come sooner
    void (*m_stopCheck)(void*) = nullptr;
    void* m_stopCtx = nullptr;
    bool m_lineEvents = false;
    bool m_abortRequested = false;
    RunAborted::Reason m_abortReason = RunAborted::Reason::Internal;
    std::string m_abortMessage;
    bool m_reraising = false;
    bool m_nativeEntry = false; // the next eval was entered from native code
    std::map<std::string, Ref<Object>> m_sysModules;
    std::unordered_map<std::string, std::string> m_sources;
    std::unordered_map<const CodeObject*, CodeCache> m_codeCache;
    // Library modules compiled at import: kept for the run, as m_codeCache is keyed by their address.
    std::vector<std::shared_ptr<const CodeObject>> m_libraryCode;
};

/// Adds the VM's builtins (__build_class__, __import__, globals, locals…) to a builtins dict.
void addVmBuiltins(DictObject* builtins);
/// Runs a class body and makes the class (the LOAD_BUILD_CLASS builtin).
Ref<Object> buildClass(CallArgs args);

} // namespace loopscope

#pragma once
// contextvars (PEP 567) with CPython 3.11's semantics, and what asyncio needs of it: capturing the
// current Context when a Task, a Handle or a done callback is made, and running a callback in one
// (Handle._run's `self._context.run(...)`).
//
// A Context holds an immutable vars mapping that its copies share, so copy_context() is O(1).
// Wherever a Context is kept for later (a Task, a Handle, a done callback, the run's base context),
// a null slot stands for a new empty Context: it is made only when something sets a variable in it
// or asks for it, so a program that never sets a ContextVar pays one null pointer per Task.
//
// Entering a Context sets no flag. The entered ones are the stepping task's and those of the
// ContextScopes on the stack (Context.run, a Handle's callback), each of which records the task
// that was stepping when it was entered: while a task steps, its Context is the current one unless
// a scope was entered during that step. So Task.__step does no Context work at all beyond
// CPython's "cannot enter context" check of a task that holds a Context.

#include <loopscope/asyncio/runcontext.h>
#include <loopscope/runtime/object.h>

namespace loopscope {

/// True for a contextvars.Context.
bool isContext(const Object* o) noexcept;
/// contextvars.copy_context() as asyncio captures it (Task(), call_soon, add_done_callback): a new
/// Context sharing the current vars, or null (a new empty Context) when there are none.
Ref<Object> captureContext(RunContext& run);
/// The Context `slot` stands for, made now (empty) while the slot is still null: `handle._context`.
Object* contextIn(Ref<Object>& slot);
/// Raises what `context.run(...)` would raise before running anything: AttributeError for an
/// object that is not a Context (CPython's Handle calls its `run`), RuntimeError "cannot enter
/// context: … is already entered" for an entered Context.
void checkEnterable(const RunContext& run, Object* context);

/// Context.run's enter and exit around one callback: while the scope lives, the Context in `slot`
/// is the run's current one (`run` null: the run has ended, nothing is entered). Entering raises
/// as checkEnterable does, before anything changes.
class ContextScope {
public:
    ContextScope(RunContext* run, Ref<Object>& slot);
    ~ContextScope();
    ContextScope(const ContextScope&) = delete;
    ContextScope& operator=(const ContextScope&) = delete;

    Ref<Object>& slot() const noexcept { return m_slot; }
    /// The task that was stepping when the scope was entered (null: none).
    Task* task() const noexcept { return m_task; }
    /// The scope this one was entered in (null: the base Context).
    ContextScope* outer() const noexcept { return m_outer; }

private:
    RunContext* m_run;
    Ref<Object>& m_slot;
    Task* m_task = nullptr;
    ContextScope* m_outer = nullptr;
};

} // namespace loopscope

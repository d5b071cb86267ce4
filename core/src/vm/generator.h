#pragma once
// Generators, coroutines and async generators: objects that own a suspended frame and implement
// the send/throw slots so that `yield from`, `await`, asyncio's tasks and native coroutines can
// drive them without method calls.

#include "vm/frame.h"

#include <loopscope/runtime/runtime.h>

#include <memory>

namespace loopscope {

class GeneratorObject : public Object {
public:
    enum class Kind : uint8_t { Generator, Coroutine, AsyncGenerator };
    GeneratorObject(Kind kind, std::unique_ptr<Frame> frame);
    ~GeneratorObject() override;
    void clearRefs() override;

    Kind kind() const noexcept { return m_kind; }
    Frame* frame() const noexcept { return m_frame.get(); }
    bool running() const noexcept { return m_running; }
    bool finished() const noexcept { return !m_frame || m_frame->finished; }
    /// The line a suspended generator/coroutine is at (0 when finished): the debugger's cr_frame.f_lineno.
    int currentLine() const;
    /// The object a suspended `await`/`yield from` delegates to, or null.
    Object* delegate() const;

    /// Resumes with `value` (or throws `exc` into it when non-null).
    /// For async generators `itemYielded` tells a produced item from a yield to the event loop.
    SendResult resume(Object* value, Object* exc, bool* itemYielded = nullptr);
    /// close(): GeneratorExit thrown in; RuntimeError if it yields again.
    void close();

    std::string qualname;
    std::string name;
    Ref<Object> handled; ///< the exception being handled inside the frame while suspended
    bool asyncGenHooked = false;

protected:
    /// A generator dropped while suspended is closed, as CPython's _PyGen_Finalize does.
    void finalizeInstance() noexcept override;

private:
    Kind m_kind;
    std::unique_ptr<Frame> m_frame;
    bool m_running = false;
};

/// Fills the generator, coroutine and async generator types' slots and methods (idempotent).
void initGeneratorTypes();

} // namespace loopscope

#include "vm/generator.h"

#include "runtime/objects.h"
#include "vm/function.h"
#include "vm/interpreter.h"

#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>

#include <exception>

namespace loopscope {

namespace {

TypeObject* typeFor(GeneratorObject::Kind k)
{
    switch (k) {
    case GeneratorObject::Kind::Generator: return types().generator;
    case GeneratorObject::Kind::Coroutine: return types().coroutine;
    default: return types().asyncGenerator;
    }
}

const char* kindWord(GeneratorObject::Kind k)
{
    switch (k) {
    case GeneratorObject::Kind::Generator: return "generator";
    case GeneratorObject::Kind::Coroutine: return "coroutine";
    default: return "async generator";
    }
}

GeneratorObject* asGen(Object* o) { return static_cast<GeneratorObject*>(o); }

} // namespace

GeneratorObject::GeneratorObject(Kind kind, std::unique_ptr<Frame> frame)
    : Object(typeFor(kind))
    , m_kind(kind)
    , m_frame(std::move(frame))
{
    m_frame->generator = this;
    if (kind == Kind::Coroutine) setNeedsFinalize(true); // "coroutine ... was never awaited"
}

GeneratorObject::~GeneratorObject() = default;

void GeneratorObject::clearRefs()
{
    handled = nullptr;
    if (m_frame) {
        m_frame->stack.clear();
        m_frame->fast.clear();
        m_frame->cells.clear();
        m_frame->locals = nullptr;
        m_frame->function = nullptr;
    }
}

int GeneratorObject::currentLine() const
{
    if (finished()) return 0;
    if (!m_frame->started) return m_frame->code->firstlineno;
    return m_frame->currentLine();
}

Object* GeneratorObject::delegate() const
{
    if (finished() || !m_frame->started || m_running) return nullptr;
    const auto& code = m_frame->code->code;
    const uint32_t pc = m_frame->pc;
    if (pc >= 1 && code[pc - 1].op == Opcode::YIELD_VALUE && code[pc - 1].arg == 1 && !m_frame->stack.empty())
        return m_frame->stack.back().get();
    return nullptr;
}

SendResult GeneratorObject::resume(Object* value, Object* exc, bool* itemYielded)
{
    Interpreter* interp = Interpreter::current();
    if (!interp) raise(types().RuntimeError, "a generator was resumed outside of a run");
    if (m_running) raise(types().ValueError, std::string(kindWord(m_kind)) + " already executing");
    if (finished()) {
        if (m_kind == Kind::Coroutine) raise(types().RuntimeError, "cannot reuse already awaited coroutine");
        if (exc) raise(Ref<Object>(exc));
        if (m_kind == Kind::AsyncGenerator) raise(types().StopAsyncIteration, "");
        return SendResult { SendResult::Status::Returned, Ref<Object>(None()) };
    }
    if (!m_frame->started && !exc && value && value != None())
        raise(types().TypeError, std::string("can't send non-None value to a just-started ") + kindWord(m_kind));
    if (!m_frame->started && exc) {
        m_frame->finished = true;
        raise(Ref<Object>(exc));
    }
    Ref<Object> self(this); // the frame must outlive the evaluation
    Ref<Object> saved = interp->m_handled;
    if (handled) interp->m_handled = handled;
    m_running = true;
    EvalResult r;
    try {
        r = interp->eval(*m_frame, value, exc);
    } catch (const PyException& e) {
        m_running = false;
        m_frame->finished = true;
        interp->m_handled = saved;
        handled = nullptr;
        Object* raised = e.exception().get();
        const bool stopIter = isInstance(raised, types().StopIteration);
        const bool stopAsync = m_kind == Kind::AsyncGenerator && isInstance(raised, types().StopAsyncIteration);
        if (stopIter || stopAsync) {
            Ref<Object> err = newException(types().RuntimeError,
                std::string(kindWord(m_kind)) + " raised " + (stopIter ? "StopIteration" : "StopAsyncIteration"));
            setExceptionCause(err.get(), raised);
            setExceptionContext(err.get(), raised);
            raise(std::move(err));
        }
        throw;
    } catch (...) {
        m_running = false;
        interp->m_handled = saved;
        throw;
    }
    m_running = false;
    if (r.kind == EvalResult::Kind::Returned) {
        interp->m_handled = saved;
        handled = nullptr;
        if (m_kind == Kind::AsyncGenerator) {
            if (itemYielded) *itemYielded = false;
            return SendResult { SendResult::Status::Returned, Ref<Object>(None()) };
        }
        return SendResult { SendResult::Status::Returned, std::move(r.value) };
    }
    handled = interp->m_handled != saved ? interp->m_handled : nullptr;
    interp->m_handled = saved;
    // Only plain generators: async generators belong to the loop's hooks, and a coroutine's lifetime
    // is its task's (closed at the end of the run).
    if (m_kind == Kind::Generator) setNeedsFinalize(true);
    if (itemYielded) *itemYielded = r.kind == EvalResult::Kind::Yielded;
    return SendResult { SendResult::Status::Yielded, std::move(r.value) };
}

void GeneratorObject::close()
{
    if (finished()) return;
    if (!m_frame->started) {
        m_frame->finished = true;
        return;
    }
    Ref<Object> exit = newException(types().GeneratorExit, std::vector<Ref<Object>> {});
    try {
        bool item = false;
        SendResult r = resume(None(), exit.get(), &item);
        if (r.status == SendResult::Status::Yielded && (m_kind != Kind::AsyncGenerator || item))
            raise(types().RuntimeError, std::string(kindWord(m_kind)) + " ignored GeneratorExit");
    } catch (const PyException& e) {
        Object* x = e.exception().get();
        if (isInstance(x, types().GeneratorExit) || isInstance(x, types().StopIteration)) return;
        if (m_kind == Kind::AsyncGenerator && isInstance(x, types().StopAsyncIteration)) return;
        throw;
    }
}

void GeneratorObject::finalizeInstance() noexcept
{
    Interpreter* interp = Interpreter::current();
    if (m_kind == Kind::Coroutine) {
        // _PyGen_Finalize: a coroutine dropped before its first step was never awaited (the warning
        // runs no Python code, so it is written even while an exception unwinds the C++ stack).
        if (interp && interp->runContext() && m_frame && !m_frame->started && !m_frame->finished) {
            try {
                interp->runContext()->warn("RuntimeWarning", "coroutine '" + qualname + "' was never awaited", true);
            } catch (...) {
            }
        }
        return;
    }
    // Not while C++ unwinds (an exception or an aborted run leaves the frame), nor once the run is over.
    if (finished() || !m_frame->started || !interp || std::uncaught_exceptions() > 0) return;
    RunContext* ctx = interp->runContext();
    if (!ctx || ctx->pythonCallsEnded()) return;
    try {
        close();
    } catch (const PyException& e) {
        // PyErr_WriteUnraisable: reported on stderr, never raised into the code that dropped the generator;
        // an exception without a traceback gets the running frame's line, and chains are not shown.
        try {
            Object* exc = e.exception().get();
            if (isExceptionInstance(exc) && !static_cast<ExceptionObject*>(exc)->traceback && interp->currentFrame())
                interp->addTraceback(exc, *interp->currentFrame());
            std::string text = "Exception ignored in: " + reprText(this) + "\n";
            for (const std::string& chunk : interp->formatExceptionChunks(exc, std::nullopt, false, false)) text += chunk;
            ctx->errorOutput(text);
        } catch (...) {
        }
    } catch (...) {
        // An aborted run (budget, stop) ends here; the abort is seen again by the code that runs next.
    }
}

namespace {

// --- generator / coroutine slots and methods

SendResult genSendSlot(Object* self, Object* value) { return asGen(self)->resume(value, nullptr); }
SendResult genThrowSlot(Object* self, Object* exc) { return asGen(self)->resume(nullptr, exc); }

// tp_iternext: a return ends the iteration whatever its value (list(), sorted(), max() drop it);
// next() asks the send slot instead, to put the value in its StopIteration.
Ref<Object> genNext(Object* self)
{
    SendResult r = asGen(self)->resume(None(), nullptr);
    if (r.status == SendResult::Status::Yielded) return std::move(r.value);
    return nullptr;
}

Ref<Object> stopWith(SendResult r)
{
    if (r.status == SendResult::Status::Yielded) return std::move(r.value);
    std::vector<Ref<Object>> args;
    if (r.value && r.value.get() != None()) args.push_back(r.value);
    raise(newException(types().StopIteration, std::move(args)));
}

Ref<Object> genSend(Object* self, CallArgs args)
{
    if (args.nargs != 1) raise(types().TypeError, "send() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    return stopWith(asGen(self)->resume(args[0], nullptr));
}

Ref<Object> makeThrown(CallArgs args)
{
    if (args.nargs < 1 || args.nargs > 3) raise(types().TypeError, "throw expected at least 1 argument, got 0");
    Object* typ = args[0];
    if (isExceptionType(typ)) {
        if (args.nargs >= 2 && args[1] != None()) {
            if (isExceptionInstance(args[1])) return Ref<Object>(args[1]);
            return call(typ, { args[1] });
        }
        return call(typ, {});
    }
    if (isExceptionInstance(typ)) {
        if (args.nargs >= 2 && args[1] != None()) raise(types().TypeError, "instance exception may not have a separate value");
        return Ref<Object>(typ);
    }
    raise(types().TypeError, "exceptions must be classes or instances deriving from BaseException, not " + typ->type()->name());
}

Ref<Object> genThrow(Object* self, CallArgs args)
{
    Ref<Object> exc = makeThrown(args);
    return stopWith(asGen(self)->resume(nullptr, exc.get()));
}

Ref<Object> genClose(Object* self, CallArgs)
{
    asGen(self)->close();
    return Ref<Object>(None());
}

Ref<Object> genRepr(Object* self)
{
    auto* g = asGen(self);
    const char* w = g->kind() == GeneratorObject::Kind::Generator ? "generator"
        : g->kind() == GeneratorObject::Kind::Coroutine            ? "coroutine"
                                                                   : "async_generator";
    return newStr(std::string("<") + w + " object " + g->qualname + " at " + detail::addressText(self) + ">");
}

Ref<Object> genGetAttr(Object* self, StrObject* name)
{
    auto* g = asGen(self);
    std::string_view n = strView(name);
    if (n == "__name__") return newStr(g->name);
    if (n == "__qualname__") return newStr(g->qualname);
    if (n == "gi_running" || n == "cr_running" || n == "ag_running") return Ref<Object>(boolObject(g->running()));
    if (n == "gi_suspended" || n == "cr_suspended")
        return Ref<Object>(boolObject(!g->finished() && g->frame()->started && !g->running()));
    if (n == "gi_yieldfrom" || n == "cr_await" || n == "ag_await") {
        Object* d = g->delegate();
        return Ref<Object>(d ? d : None());
    }
    if (n == "gi_frame" || n == "cr_frame" || n == "ag_frame") return Ref<Object>(g->finished() ? None() : self);
    if (n == "f_lineno") return newInt(g->currentLine());
    if ((n == "gi_code" || n == "cr_code" || n == "ag_code") && g->frame() && g->frame()->codeHold)
        return make<CodeValue>(g->frame()->codeHold);
    return genericGetAttr(self, name);
}

Ref<Object> coroAwait(Object* self) { return Ref<Object>(self); }

/// What `coro.__await__()` returns (CPython's coroutine_wrapper): an iterator that drives the
/// coroutine, usable with `yield from` in a plain generator.
class CoroutineWrapper : public Object {
public:
    CoroutineWrapper(TypeObject* t, Ref<Object> c)
        : Object(t)
        , coro(std::move(c))
    {
    }
    void clearRefs() override { coro = nullptr; }
    Ref<Object> coro;
};

SendResult wrapperSendSlot(Object* self, Object* v) { return send(static_cast<CoroutineWrapper*>(self)->coro.get(), v); }
SendResult wrapperThrowSlot(Object* self, Object* e) { return throwInto(static_cast<CoroutineWrapper*>(self)->coro.get(), e); }
Ref<Object> wrapperNext(Object* self)
{
    SendResult r = wrapperSendSlot(self, None());
    if (r.status == SendResult::Status::Yielded) return std::move(r.value);
    return stopWith(std::move(r));
}
Ref<Object> wrapperSend(Object* self, CallArgs args) { return stopWith(wrapperSendSlot(self, args.nargs ? args[0] : None())); }
Ref<Object> wrapperThrow(Object* self, CallArgs args)
{
    Ref<Object> exc = makeThrown(args);
    return stopWith(wrapperThrowSlot(self, exc.get()));
}
Ref<Object> wrapperClose(Object* self, CallArgs)
{
    return callMethod(static_cast<CoroutineWrapper*>(self)->coro.get(), "close", {});
}

TypeObject* coroutineWrapperType()
{
    static TypeObject* t = [] {
        TypeObject* ty = newStaticType("coroutine_wrapper", types().object, 0);
        ty->slots.send = &wrapperSendSlot;
        ty->slots.throwExc = &wrapperThrowSlot;
        ty->slots.iter = &detail::selfIter;
        ty->slots.next = &wrapperNext;
        addMethod(ty, "send", &wrapperSend);
        addMethod(ty, "throw", &wrapperThrow);
        addMethod(ty, "close", &wrapperClose);
        ty->finalize();
        return ty;
    }();
    return t;
}

Ref<Object> coroAwaitMethod(Object* self, CallArgs)
{
    return Ref<Object>(new CoroutineWrapper(coroutineWrapperType(), Ref<Object>(self)));
}

// --- async generators: asend / athrow awaitables

class AsyncGenOp : public Object {
public:
    AsyncGenOp(TypeObject* t, Ref<Object> gen, Ref<Object> value, Ref<Object> exc, bool close)
        : Object(t)
        , gen(std::move(gen))
        , value(std::move(value))
        , exc(std::move(exc))
        , closing(close)
    {
    }
    void clearRefs() override
    {
        gen = nullptr;
        value = nullptr;
        exc = nullptr;
    }
    Ref<Object> gen;
    Ref<Object> value;
    Ref<Object> exc;
    bool closing;
    enum class State : uint8_t { Init, Iter, Closed } state = State::Init;
};

TypeObject* asyncGenOpType();

SendResult opStep(AsyncGenOp* op, Object* value, Object* exc)
{
    if (op->state == AsyncGenOp::State::Closed)
        raise(types().RuntimeError, "cannot reuse already awaited __anext__()/asend()");
    auto* g = asGen(op->gen.get());
    Object* v = value;
    Ref<Object> firstExc;
    if (op->state == AsyncGenOp::State::Init) {
        op->state = AsyncGenOp::State::Iter;
        if (op->exc) {
            firstExc = op->exc;
            if (!exc) exc = firstExc.get();
        } else if (!value || value == None()) {
            v = op->value ? op->value.get() : None();
        }
    }
    try {
        bool item = false;
        SendResult r = g->resume(v, exc, &item);
        if (r.status == SendResult::Status::Yielded) {
            if (!item) return r;
            op->state = AsyncGenOp::State::Closed;
            if (op->closing) raise(types().RuntimeError, "async generator ignored GeneratorExit");
            return SendResult { SendResult::Status::Returned, std::move(r.value) };
        }
        op->state = AsyncGenOp::State::Closed;
        // aclose() is satisfied by the generator ending; athrow() and asend() report it as StopAsyncIteration.
        if (op->closing) return SendResult { SendResult::Status::Returned, Ref<Object>(None()) };
        raise(newException(types().StopAsyncIteration, std::vector<Ref<Object>> {}));
    } catch (const PyException& e) {
        op->state = AsyncGenOp::State::Closed;
        if (op->closing
            && (isInstance(e.exception().get(), types().GeneratorExit) || isInstance(e.exception().get(), types().StopAsyncIteration)))
            return SendResult { SendResult::Status::Returned, Ref<Object>(None()) };
        throw;
    }
}

SendResult opSendSlot(Object* self, Object* value) { return opStep(static_cast<AsyncGenOp*>(self), value, nullptr); }
SendResult opThrowSlot(Object* self, Object* exc) { return opStep(static_cast<AsyncGenOp*>(self), nullptr, exc); }
Ref<Object> opNext(Object* self)
{
    SendResult r = opStep(static_cast<AsyncGenOp*>(self), None(), nullptr);
    return stopWith(std::move(r));
}
Ref<Object> opSend(Object* self, CallArgs args)
{
    return stopWith(opStep(static_cast<AsyncGenOp*>(self), args.nargs ? args[0] : None(), nullptr));
}
Ref<Object> opThrow(Object* self, CallArgs args)
{
    Ref<Object> exc = makeThrown(args);
    return stopWith(opStep(static_cast<AsyncGenOp*>(self), nullptr, exc.get()));
}
Ref<Object> opClose(Object* self, CallArgs)
{
    static_cast<AsyncGenOp*>(self)->state = AsyncGenOp::State::Closed;
    return Ref<Object>(None());
}

TypeObject* asyncGenOpType()
{
    static TypeObject* t = [] {
        TypeObject* ty = newStaticType("async_generator_asend", types().object, 0);
        ty->slots.send = &opSendSlot;
        ty->slots.throwExc = &opThrowSlot;
        ty->slots.await = &detail::selfIter;
        ty->slots.iter = &detail::selfIter;
        ty->slots.next = &opNext;
        addMethod(ty, "send", &opSend);
        addMethod(ty, "throw", &opThrow);
        addMethod(ty, "close", &opClose);
        ty->finalize();
        return ty;
    }();
    return t;
}

Ref<Object> agenAnextSlot(Object* self)
{
    return Ref<Object>(new AsyncGenOp(asyncGenOpType(), Ref<Object>(self), Ref<Object>(None()), nullptr, false));
}
Ref<Object> agenAnext(Object* self, CallArgs) { return agenAnextSlot(self); }
Ref<Object> agenAsend(Object* self, CallArgs args)
{
    return Ref<Object>(new AsyncGenOp(asyncGenOpType(), Ref<Object>(self), Ref<Object>(args.nargs ? args[0] : None()), nullptr, false));
}
Ref<Object> agenAthrow(Object* self, CallArgs args)
{
    Ref<Object> exc = makeThrown(args);
    return Ref<Object>(new AsyncGenOp(asyncGenOpType(), Ref<Object>(self), nullptr, std::move(exc), false));
}
Ref<Object> agenAclose(Object* self, CallArgs)
{
    auto* g = asGen(self);
    if (g->finished() || !g->frame()->started) {
        if (!g->finished()) g->frame()->finished = true;
        // An awaitable that completes at once.
        auto op = Ref<Object>(new AsyncGenOp(asyncGenOpType(), Ref<Object>(self), nullptr, nullptr, true));
        return op;
    }
    Ref<Object> exit = newException(types().GeneratorExit, std::vector<Ref<Object>> {});
    return Ref<Object>(new AsyncGenOp(asyncGenOpType(), Ref<Object>(self), nullptr, std::move(exit), true));
}

} // namespace

void initGeneratorTypes()
{
    static bool done = false;
    if (done) return;
    done = true;
    const BuiltinTypes& t = types();
    for (TypeObject* ty : { t.generator, t.coroutine, t.asyncGenerator }) {
        ty->slots.repr = &genRepr;
        ty->slots.getattr = &genGetAttr;
    }
    t.generator->slots.send = &genSendSlot;
    t.generator->slots.throwExc = &genThrowSlot;
    t.generator->slots.iter = &detail::selfIter;
    t.generator->slots.next = &genNext;
    addMethod(t.generator, "__next__", [](Object* self, CallArgs) -> Ref<Object> {
        return stopWith(asGen(self)->resume(None(), nullptr));
    });
    addMethod(t.generator, "__iter__", [](Object* self, CallArgs) -> Ref<Object> { return Ref<Object>(self); });
    addMethod(t.generator, "send", &genSend);
    addMethod(t.generator, "throw", &genThrow);
    addMethod(t.generator, "close", &genClose);
    t.coroutine->slots.send = &genSendSlot;
    t.coroutine->slots.throwExc = &genThrowSlot;
    t.coroutine->slots.await = &coroAwait;
    addMethod(t.coroutine, "__await__", &coroAwaitMethod);
    addMethod(nativeCoroutineType(), "__await__", &coroAwaitMethod);
    addMethod(t.coroutine, "send", &genSend);
    addMethod(t.coroutine, "throw", &genThrow);
    addMethod(t.coroutine, "close", &genClose);
    t.asyncGenerator->slots.aiter = &detail::selfIter;
    t.asyncGenerator->slots.anext = &agenAnextSlot;
    addMethod(t.asyncGenerator, "__anext__", &agenAnext);
    addMethod(t.asyncGenerator, "asend", &agenAsend);
    addMethod(t.asyncGenerator, "athrow", &agenAthrow);
    addMethod(t.asyncGenerator, "aclose", &agenAclose);
    asyncGenOpType();
}

} // namespace loopscope

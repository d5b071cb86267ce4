// Loopscope's side of the event-loop benchmarks (the five workloads of shared/bench/BASELINES.md),
// written as NativeCoroutines on the C++ asyncio model. One JSON line per run on stdout.
//
//   bench_core --workload NAME [--n N] [--trace]
//
// --trace attaches the canonical trace writer with a sink that drops every line, to measure what
// an attached observer costs. wait_many also reports live heap bytes per pending task, counted by
// replacing operator new/delete (the tasks, their coroutines, handles and callbacks, all of it);
// --alloc-sizes also prints those allocations by size, to see what the bytes are made of.
#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/tracewriter.h>
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <random>
#include <string>
#include <vector>

// --- allocation counting ----------------------------------------------------------------------

namespace {
long long g_liveBytes = 0; // the benchmark is single-threaded
// --alloc-sizes: net live allocations per requested size while wait_many creates its tasks.
constexpr std::size_t kSizeSlots = 4096;
bool g_countSizes = false;
long long g_sizeCounts[kSizeSlots + 1] = {};
long long g_largeBytes = 0; // the slot kSizeSlots counts blocks; this their bytes
void countSize(std::size_t n, int delta)
{
    if (!g_countSizes) return;
    g_sizeCounts[n < kSizeSlots ? n : kSizeSlots] += delta;
    if (n >= kSizeSlots) g_largeBytes += delta * static_cast<long long>(n);
}
} // namespace

namespace {
// Every block carries its size in the `prefix` bytes in front of it (16, or the alignment).
void* trackBlock(void* base, std::size_t n, std::size_t prefix)
{
    if (!base) throw std::bad_alloc();
    *static_cast<std::size_t*>(base) = n;
    g_liveBytes += static_cast<long long>(n);
    countSize(n, 1);
    return static_cast<char*>(base) + prefix;
}
void untrackBlock(void* p, std::size_t prefix) noexcept
{
    if (!p) return;
    char* base = static_cast<char*>(p) - prefix;
    const std::size_t n = *reinterpret_cast<std::size_t*>(base);
    g_liveBytes -= static_cast<long long>(n);
    countSize(n, -1);
    std::free(base);
}
} // namespace

void* operator new(std::size_t n) { return trackBlock(std::malloc(n + 16), n, 16); }
void operator delete(void* p) noexcept { untrackBlock(p, 16); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
// Over-aligned blocks: the object pool's chunks.
void* operator new(std::size_t n, std::align_val_t al)
{
    const std::size_t a = static_cast<std::size_t>(al);
    return trackBlock(std::aligned_alloc(a, (n + a + a - 1) / a * a), n, a);
}
void operator delete(void* p, std::align_val_t al) noexcept { untrackBlock(p, static_cast<std::size_t>(al)); }
void operator delete(void* p, std::size_t, std::align_val_t al) noexcept { operator delete(p, al); }
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

using namespace loopscope;

namespace {

using Clock = std::chrono::steady_clock;

struct Result {
    double seconds = 0;
    std::string extra;
};

RunContext* g_ctx = nullptr;
bool g_allocSizes = false;

// --- callsoon_chain: one callback re-schedules itself n times ---------------------------------
struct Chain {
    EventLoop* loop;
    Future* done;
    long remaining;
};
Chain g_chain;

void chainCallback(Object*, Object* const*, size_t)
{
    if (--g_chain.remaining)
        g_chain.loop->callSoonNative("cb", &chainCallback, nullptr);
    else
        g_chain.done->setResult(None());
}

Coro callsoonChain(long n, Result& out)
{
    EventLoop* loop = g_ctx->getRunningLoop();
    Ref<Future> fut = loop->createFuture();
    g_chain = { loop, fut.get(), n };
    auto t0 = Clock::now();
    loop->callSoonNative("cb", &chainCallback, nullptr);
    co_await fut;
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    co_return newRef(None());
}

// --- timers: n call_later with delays in [0, 1 ms), odd ones cancelled ------------------------
struct Timers {
    long fired = 0, expected = 0;
    Future* done = nullptr;
};
Timers g_timers;

void timerCallback(Object*, Object* const*, size_t)
{
    if (++g_timers.fired == g_timers.expected) g_timers.done->setResult(None());
}

Coro timers(long n, Result& out)
{
    EventLoop* loop = g_ctx->getRunningLoop();
    Ref<Future> fut = loop->createFuture();
    std::mt19937_64 rng(12345);
    std::uniform_real_distribution<double> dist(0.0, 0.001);
    std::vector<double> delays(static_cast<size_t>(n));
    for (double& d : delays) d = dist(rng);
    g_timers = { 0, (n + 1) / 2, fut.get() };
    const Callback cb = Callback::nativeFn("cb", &timerCallback);
    auto t0 = Clock::now();
    std::vector<Ref<TimerHandle>> handles;
    handles.reserve(delays.size());
    for (double d : delays) handles.push_back(loop->callLater(d, cb));
    for (size_t i = 1; i < handles.size(); i += 2) handles[i]->cancel();
    co_await fut;
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    co_await aio::sleep(*g_ctx, 0.005); // a cancelled timer that fired anyway would show here
    out.extra = ", \"fired\": " + std::to_string(g_timers.fired) + ", \"expected\": " + std::to_string(g_timers.expected);
    co_return newRef(None());
}

// --- sleep0_pingpong: 100 tasks x n/100 `await asyncio.sleep(0)` -----------------------------
Coro sleep0Worker(long k)
{
    for (long i = 0; i < k; ++i) co_await aio::sleep(*g_ctx, 0);
    co_return newRef(None());
}

Coro sleep0Pingpong(long n, Result& out)
{
    EventLoop* loop = g_ctx->getRunningLoop();
    const long t = 100;
    auto t0 = Clock::now();
    std::vector<Ref<Object>> tasks;
    for (long i = 0; i < t; ++i) tasks.push_back(loop->createTask(sleep0Worker(n / t).named("_aio_sleep0_worker")));
    co_await aio::gather(*g_ctx, tasks);
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    out.extra = ", \"tasks\": 100, \"switches_per_task\": " + std::to_string(n / t);
    co_return newRef(None());
}

// --- wait_many: n tasks that sleep(0) once, then asyncio.wait(tasks) --------------------------
Coro oneSleep0()
{
    co_await aio::sleep(*g_ctx, 0);
    co_return newRef(None());
}

Coro waitMany(long n, Result& out)
{
    EventLoop* loop = g_ctx->getRunningLoop();
    auto t0 = Clock::now();
    const long long before = g_liveBytes;
    g_countSizes = g_allocSizes;
    std::vector<Ref<Object>> tasks;
    tasks.reserve(static_cast<size_t>(n));
    for (long i = 0; i < n; ++i) tasks.push_back(loop->createTask(oneSleep0().named("_aio_one_sleep0")));
    const long long pending = g_liveBytes - before;
    g_countSizes = false;
    if (g_allocSizes) {
        std::fprintf(
            stderr, "live allocations made while creating %ld pending tasks (size: count, bytes per task)\n", n);
        for (std::size_t i = 0; i <= kSizeSlots; ++i)
            if (g_sizeCounts[i])
                std::fprintf(stderr, "  %s%zu B: %lld, %.1f\n", i == kSizeSlots ? ">=" : "", i, g_sizeCounts[i],
                    double(i == kSizeSlots ? g_largeBytes : g_sizeCounts[i] * static_cast<long long>(i)) / double(n));
    }
    Ref<Object> r = co_await aio::wait(*g_ctx, std::move(tasks));
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    const long long done = length(tupleItems(r.get())[0].get());
    if (done != n) std::fprintf(stderr, "wait_many: %lld done of %ld\n", done, n);
    char buf[128];
    std::snprintf(buf, sizeof buf, ", \"bytes_per_pending_task\": %.1f", double(pending) / double(n));
    out.extra = buf;
    co_return newRef(None());
}

// --- producer_consumer: Queue(maxsize=1), 1 producer, 1 consumer ------------------------------
Coro producer(Ref<Object> q, long n)
{
    Ref<Object> put = getAttr(q.get(), "put");
    for (long i = 0; i < n; ++i) {
        Ref<Object> item = newInt(i);
        Ref<Object> coro = call(put.get(), { item.get() });
        co_await coro;
    }
    co_return newRef(None());
}

Coro consumer(Ref<Object> q, long n, long long& total)
{
    Ref<Object> get = getAttr(q.get(), "get");
    long long s = 0;
    for (long i = 0; i < n; ++i) {
        Ref<Object> v = co_await call(get.get());
        s += intValue(v.get());
    }
    total = s;
    co_return newRef(None());
}

Coro producerConsumer(long n, Result& out)
{
    EventLoop* loop = g_ctx->getRunningLoop();
    Ref<Object> q = aio::newQueue(*g_ctx, 1);
    long long total = 0;
    auto t0 = Clock::now();
    std::vector<Ref<Object>> tasks;
    tasks.push_back(loop->createTask(producer(q, n).named("producer")));
    tasks.push_back(loop->createTask(consumer(q, n, total).named("consumer")));
    co_await aio::gather(*g_ctx, tasks);
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (total != static_cast<long long>(n) * (n - 1) / 2) std::fprintf(stderr, "producer_consumer: wrong total\n");
    out.extra = ", \"qsize\": 1";
    co_return newRef(None());
}

long defaultN(const std::string& w)
{
    if (w == "callsoon_chain" || w == "sleep0_pingpong") return 1000000;
    if (w == "timers") return 200000;
    if (w == "wait_many") return 100000;
    if (w == "producer_consumer") return 500000;
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    std::string workload;
    long n = 0;
    bool trace = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--workload") && i + 1 < argc)
            workload = argv[++i];
        else if (!std::strcmp(argv[i], "--n") && i + 1 < argc)
            n = std::atol(argv[++i]);
        else if (!std::strcmp(argv[i], "--trace"))
            trace = true;
        else if (!std::strcmp(argv[i], "--alloc-sizes"))
            g_allocSizes = true;
    }
    if (!n) n = defaultN(workload);
    if (!n) {
        std::fprintf(stderr,
            "usage: bench_core --workload callsoon_chain|timers|sleep0_pingpong|wait_many|"
            "producer_consumer [--n N] [--trace] [--alloc-sizes]\n");
        return 2;
    }
    initRuntime();
    Result result;
    {
        Heap heap;
        Heap::Scope scope(heap);
        RunContext ctx;
        RunContext::Scope ctxScope(ctx);
        g_ctx = &ctx;
        TraceWriter writer(ctx, [](std::string_view) { });
        if (trace) ctx.attach(&writer);
        Ref<EventLoop> loop = ctx.newEventLoop();
        ctx.setEventLoop(loop.get());
        Coro main = workload == "callsoon_chain" ? callsoonChain(n, result)
            : workload == "timers"               ? timers(n, result)
            : workload == "sleep0_pingpong"      ? sleep0Pingpong(n, result)
            : workload == "wait_many"            ? waitMany(n, result)
                                                 : producerConsumer(n, result);
        try {
            loop->runUntilComplete(main.object().get());
        } catch (const PyException& e) {
            std::fprintf(stderr, "error: %s\n", strText(e.exception().get()).c_str());
            return 1;
        }
        ctx.detach(&writer);
        ctx.setEventLoop(nullptr);
        loop->close();
    }
    std::printf("{\"loop\": \"loopscope\", \"workload\": \"%s\", \"n\": %ld, \"observer\": \"%s\", \"seconds\": %.6f, "
                "\"per_op_ns\": %.2f%s}\n",
                workload.c_str(), n, trace ? "trace" : "none", result.seconds, result.seconds / double(n) * 1e9,
                result.extra.c_str());
    return 0;
}

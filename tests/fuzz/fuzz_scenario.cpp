// libFuzzer target: arbitrary bytes compiled and RUN through the Engine with small budgets, so an
// infinite loop, a deadlock or runaway recursion ends the run as a status instead of a hang.
#include <loopscope/engine.h>
#include <loopscope/runtime/memory.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Well under run_fuzz.sh's -rss_limit_mb=2048 (ASan's shadow and quarantine come on top), so a
// scenario that allocates without end raises MemoryError instead of tripping libFuzzer's OOM check.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    loopscope::setMemoryBudget(size_t(256) << 20);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    loopscope::EngineOptions options;
    options.maxIterations = 2000; // _run_once calls
    options.instructionBudget = 200000; // per stretch without the loop getting control back
    options.recursionLimit = 200;
    loopscope::Engine engine(options);
    // Consume the trace so the trace writer's formatting is exercised too.
    size_t traceBytes = 0;
    engine.setTraceSink([&traceBytes](std::string_view line) { traceBytes += line.size(); });
    const std::string_view source(reinterpret_cast<const char *>(data), size);
    const loopscope::RunResult result = engine.run(source, "<fuzz>");
    // A bug in Loopscope (a C++ exception caught by the engine) is a finding, not a clean exit.
    if (result.status == loopscope::RunResult::Status::InternalError)
        __builtin_trap();
    return 0;
}

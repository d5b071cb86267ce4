#pragma once
// TraceWriter: the observer that writes the canonical trace (conformance TRACE.md, version 1):
// `<%.6f clock> <event>` lines for task/soon/timer/cancel/iter/select/due/skip/run/done/out/
// deadlock/error, with the handle naming rules (`__step Task-1`, `_on_completion arg=Task-2`).

#include <loopscope/asyncio/observer.h>

#include <functional>
#include <string>
#include <string_view>

namespace loopscope {

class RunContext;

class TraceWriter final : public Observer {
public:
    /// `sink` receives each line without its newline.
    TraceWriter(const RunContext& ctx, std::function<void(std::string_view line)> sink);
    std::string observerName() const override { return "trace writer"; }

    /// Writes a pending partial `out` line (a print without a newline at the end of a run).
    void flush();
    /// "<callback>[ <task>][ arg=<task>]"
    static std::string handleName(const HandleEvent& e);

    void taskCreated(const TaskEvent& e) override;
    void handleScheduled(const HandleEvent& e) override;
    void timerPushed(const HandleEvent& e) override;
    void timerCancelled(const HandleEvent& e) override;
    void beforeIteration(const IterationEvent& e) override;
    void select(uint64_t loopId, bool hasTimeout, double timeout) override;
    void timerDue(const HandleEvent& e) override;
    void handleSkipped(const HandleEvent& e) override;
    void beforeHandle(const HandleEvent& e) override;
    void taskDone(const TaskDoneEvent& e) override;
    void output(std::string_view text) override;
    void deadlock(uint64_t loopId) override;
    void uncaughtError(const ErrorEvent& e) override;

private:
    void write(std::string_view event);

    const RunContext& m_ctx;
    std::function<void(std::string_view)> m_sink;
    std::string m_partial; // printed text not yet ended by a newline
    std::string m_line;
};

} // namespace loopscope

#pragma once
// EngineTimeline: the Timeline of a real run. The core's Engine runs the scenario on a worker
// thread with an EventLog attached; this class answers the GUI from that log (folded into
// LoopStates by StateFold) and announces new events in batches from a GUI-thread timer.

#include "timeline.h"

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>

#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

namespace loopscope {

class EngineTimeline final : public Timeline {
    Q_OBJECT
public:
    /// Starts running `source` at once on a worker thread.
    EngineTimeline(const QString& path, const QString& source, QObject* parent = nullptr);
    ~EngineTimeline() override;

    uint64_t eventCount() const override;
    bool isComplete() const override;
    LoopState stateAt(uint64_t index) const override;
    EventInfo event(uint64_t index) const override;
    std::vector<OutputLine> output(uint64_t upToIndex) const override;

    /// How the run ended (valid once complete): "completed", "deadlock", the error …
    QString finishMessage() const;
    /// The traceback or syntax error as CPython prints it, when the run ended with one.
    QString errorText() const;

    /// Blocks until the run has ended (tests, screenshots, exports).
    void waitForCompletion();

private:
    void poll();

    std::shared_ptr<EventLog> m_log;
    mutable std::mutex m_foldMutex; // stateAt may be called while the worker appends
    mutable std::unique_ptr<StateFold> m_fold;
    std::thread m_worker;
    std::atomic<bool> m_done { false };
    RunResult m_result; // written by the worker before m_done
    QTimer m_poll;
    uint64_t m_announced = 0;
    bool m_completedSignalled = false;
};

} // namespace loopscope

#pragma once
// EngineTimeline: the Timeline of a real run. The core's Engine runs the scenario on a worker
// thread with an EventLog attached; this class answers the GUI from that log (folded into
// LoopStates by StateFold) and announces new events in batches from a GUI-thread timer.

#include "timeline.h"

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>

#include <QStringList>
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
    /// The same, with watch expressions evaluated by the engine during the run.
    EngineTimeline(const QString& path, const QString& source, const QStringList& watches, QObject* parent = nullptr);
    /// Asks the engine to stop and waits for the worker (a stop is checked at every loop hook and line).
    ~EngineTimeline() override;

    uint64_t eventCount() const override;
    bool isComplete() const override;
    LoopState stateAt(uint64_t index) const override;
    EventInfo event(uint64_t index) const override;
    std::vector<OutputLine> output(uint64_t upToIndex) const override;
    QList<QPointF> watchValues(const QString& expression) const override;
    QString watchText(const QString& expression, uint64_t index) const override;
    std::optional<uint64_t> nextStop(uint64_t index, Granularity granularity) const override;
    std::optional<uint64_t> previousStop(uint64_t index, Granularity granularity) const override;
    std::vector<TaskStateSample> taskStateSamples(uint64_t begin, uint64_t end) const override;
    std::vector<IterationStart> iterationStarts(uint64_t begin, uint64_t end) const override;

    /// The watch expressions this run evaluates.
    QStringList watches() const;
    /// How the run ended (valid once complete): "completed", "deadlock", the error …
    QString finishMessage() const;
    /// The traceback or syntax error as CPython prints it, when the run ended with one.
    QString errorText() const;
    /// The recorded run (tests compare the GUI with it).
    const EventLog& log() const;

    /// Asks the engine to end the run early ("stopped"); the destructor does it too.
    void stop();
    /// Blocks until the run has ended (tests, screenshots, exports).
    void waitForCompletion();

private:
    void poll();
    void indexOutput() const;
    bool stopsAtRecorded(const RecordedEvent& e, Granularity granularity) const;

    /// taskStateSamples' one pass over the log: each task's state now and at its last sample.
    struct LaneScan {
        uint64_t scanned = 0;
        std::vector<size_t> rank; ///< task id → creation rank + 1 (0: not created yet)
        std::vector<uint64_t> ids; ///< by rank
        std::vector<TaskView::State> now, sampled; ///< by rank
        std::vector<size_t> dirty; ///< ranks whose state moved since the last sample
    };
    void scanLanes(LaneScan& scan, const std::vector<RecordedEvent>& events, std::vector<TaskStateSample>* out) const;

    std::shared_ptr<EventLog> m_log;
    mutable LaneScan m_lanes;
    std::unique_ptr<Engine> m_engine; // requestStop is thread-safe; run happens on the worker
    mutable std::mutex m_foldMutex; // stateAt may be called while the worker appends
    mutable std::unique_ptr<StateFold> m_fold;
    QStringList m_watches;
    mutable std::vector<uint64_t> m_outputEvents; // indices of Output events among the first m_outputScanned
    mutable uint64_t m_outputScanned = 0;
    std::thread m_worker;
    std::atomic<bool> m_done { false };
    RunResult m_result; // written by the worker before m_done
    QTimer m_poll;
    uint64_t m_announced = 0;
    bool m_completedSignalled = false;
};

} // namespace loopscope

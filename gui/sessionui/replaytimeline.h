#pragma once
// ReplayTimeline: the Timeline of a recorded session. It answers from the session's EventLog
// folded by StateFold, so opening a .lsn shows the run exactly as recorded without re-running it.

#include "timeline.h"

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <memory>

namespace loopscope {

/// A complete, read-only run replayed from an EventLog (a loaded session, or a recorded run).
class ReplayTimeline final : public Timeline {
    Q_OBJECT
public:
    /// `origin` is the session's ("loopscope" or "cpython"): a CPython run has no locals or lines.
    explicit ReplayTimeline(
        std::shared_ptr<EventLog> log, const QString& origin = QStringLiteral("loopscope"), QObject* parent = nullptr);
    ~ReplayTimeline() override;

    uint64_t eventCount() const override;
    bool isComplete() const override;
    LoopState stateAt(uint64_t index) const override;
    EventInfo event(uint64_t index) const override;
    std::vector<OutputLine> output(uint64_t upToIndex) const override;
    /// The watch values the session recorded; an expression it did not watch says so.
    QList<QPointF> watchValues(const QString& expression) const override;
    QString watchText(const QString& expression, uint64_t index) const override;

    std::shared_ptr<EventLog> log() const { return m_log; }
    QString origin() const { return m_origin; }
    /// False for runs recorded from real CPython: locals and the current line were never recorded.
    bool hasProgramState() const { return m_origin != QLatin1String("cpython"); }

    /// The GUI's description of event `index` of `log` (shared with anything that reads a log).
    static EventInfo describe(const EventLog& log, uint64_t index);

private:
    std::shared_ptr<EventLog> m_log;
    QString m_origin;
    uint64_t m_count = 0;
    mutable std::unique_ptr<StateFold> m_fold;
};

} // namespace loopscope

#pragma once
// ScriptedTimeline: a TEST AND DEVELOPMENT DOUBLE, not a product feature. It replays a list of
// LoopStates and EventInfos written by hand, so the GUI and its tests run without the engine.

#include "timeline.h"

#include <QHash>

namespace loopscope {

/// A Timeline built from an explicit list of (event, state) pairs, for tests and development.
///
/// Build it either with `append(event, state)`, or by editing the working state `state()` and
/// calling `record(kind, text)` which snapshots it. Nothing here models the loop: whoever writes
/// the script decides what each state holds.
class ScriptedTimeline : public Timeline {
    Q_OBJECT
public:
    explicit ScriptedTimeline(QObject* parent = nullptr);

    uint64_t eventCount() const override;
    bool isComplete() const override;
    LoopState stateAt(uint64_t index) const override;
    EventInfo event(uint64_t index) const override;
    std::vector<OutputLine> output(uint64_t upToIndex) const override;
    QList<QPointF> watchValues(const QString& expression) const override;

    /// Appends one event and the state after it; `event.index` and `state.eventIndex` are set here.
    void append(EventInfo event, LoopState state);
    /// The working state that `record` snapshots; edit it between records.
    LoopState& state();
    /// Appends an event of `kind` with the working state's clock, and a copy of the working state.
    /// Output events also add `text` to the program output.
    EventInfo& record(EventKind kind, const QString& text, uint64_t taskId = 0, uint64_t handleId = 0);
    /// Appends a Line event for `line` of the working state's current file and sets currentLine.
    EventInfo& recordLine(int line);
    /// Marks the run as ended and emits `completed`.
    void complete();
    /// Gives `watchValues(expression)` something to return.
    void setWatchValues(const QString& expression, QList<QPointF> points);
    /// When false, `append`/`record` do not emit `eventsAppended` (build a script silently).
    void setEmitting(bool emitting);

private:
    std::vector<EventInfo> m_events;
    std::vector<LoopState> m_states;
    std::vector<OutputLine> m_output;
    LoopState m_working;
    QHash<QString, QList<QPointF>> m_watches;
    bool m_complete = false;
    bool m_emitting = true;
};

} // namespace loopscope

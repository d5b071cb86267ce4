#pragma once
// CompareView: two recorded runs side by side (say `wait(FIRST_COMPLETED)` against
// `wait(ALL_COMPLETED)`), stepped together one canonical event at a time, with the first
// canonical event where they part highlighted and a jump to it.

#include "session.h"

#include <QWidget>
#include <optional>
#include <vector>

class QLabel;
class QPushButton;

namespace loopscope {

class LoopView;
class ReplayTimeline;

/// Where two runs first disagree: the event index on each side and its canonical line there
/// ("(end of run)" when one run stops before the other).
struct FirstDifference {
    quint64 left = 0;
    quint64 right = 0;
    QString leftText;
    QString rightText;
};

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    /// The canonical trace's lines of a run (TRACE.md: `<t> <event>`), with the event index of each.
    static QStringList canonicalLines(const EventLog& log, std::vector<quint64>* indices = nullptr);
    /// The first canonical event where `a` and `b` differ; none when their canonical traces agree.
    static std::optional<FirstDifference> firstDifference(const EventLog& a, const EventLog& b);
    /// Reads what a user can compare: a session (.lsn), a canonical trace, or a scenario (.py, run here).
    static bool loadRun(const QString& path, Session* out, QString* error);

    /// Shows two runs; both start at their first canonical event.
    void setRuns(const Session& left, const QString& leftName, const Session& right, const QString& rightName);
    /// loadRun on both, then setRuns; false with `error` when either cannot be read.
    bool openFiles(const QString& left, const QString& right, QString* error);

    /// Moves each side to its next (previous) canonical event; false when neither moved.
    bool stepForward();
    bool stepBackward();
    /// Moves both sides to the first difference; false when the runs agree.
    bool jumpToFirstDifference();

    qint64 leftPosition() const { return m_pos[0]; }
    qint64 rightPosition() const { return m_pos[1]; }
    const std::optional<FirstDifference>& difference() const { return m_diff; }
    /// True when the side's position is at or past the first difference.
    bool isPastDifference(int side) const;
    LoopView* loopView(int side) const { return m_views[side]; }
    QLabel* eventLabel(int side) const { return m_event[side]; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    void showSide(int side, bool animate);
    void updateSummary();

    ReplayTimeline* m_timelines[2] = { nullptr, nullptr };
    std::vector<quint64> m_canonical[2]; // indices of canonical events per side
    qint64 m_pos[2] = { -1, -1 };
    std::optional<FirstDifference> m_diff;
    LoopView* m_views[2];
    QLabel* m_title[2];
    QLabel* m_event[2];
    QLabel* m_summary;
    QPushButton* m_jump;
};

} // namespace loopscope

#include "compareview.h"

#include "loopview.h"
#include "recordcontroller.h"
#include "replaytimeline.h"

#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <algorithm>

namespace loopscope {

namespace {

// The kinds that make up the canonical trace (TRACE.md); the rest is the debugger's own detail.
bool isCanonical(RecordKind kind)
{
    switch (kind) {
    case RecordKind::TaskCreated:
    case RecordKind::Soon:
    case RecordKind::Timer:
    case RecordKind::Cancel:
    case RecordKind::Iteration:
    case RecordKind::Select:
    case RecordKind::Due:
    case RecordKind::Skip:
    case RecordKind::RunBegin:
    case RecordKind::TaskDone:
    case RecordKind::Output:
    case RecordKind::Deadlock:
    case RecordKind::Error:
        return true;
    default:
        return false;
    }
}

const QString kEndOfRun = QStringLiteral("(end of run)");

} // namespace

CompareView::CompareView(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_jump(new QPushButton(tr("Jump to First Difference"), this))
{
    setWindowTitle(tr("Compare Runs — Loopscope"));
    auto* grid = new QGridLayout(this);
    for (int side = 0; side < 2; ++side) {
        m_title[side] = new QLabel(this);
        QFont f = m_title[side]->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.2);
        m_title[side]->setFont(f);
        m_event[side] = new QLabel(this);
        m_event[side]->setTextFormat(Qt::PlainText);
        m_event[side]->setAutoFillBackground(true);
        m_event[side]->setMargin(4);
        m_views[side] = new LoopView(this);
        m_views[side]->setAnimationDuration(0);
        m_views[side]->setObjectName(side == 0 ? QStringLiteral("leftLoopView") : QStringLiteral("rightLoopView"));
        grid->addWidget(m_title[side], 0, side);
        grid->addWidget(m_event[side], 1, side);
        grid->addWidget(m_views[side], 2, side);
    }
    grid->setRowStretch(2, 1);

    auto* bar = new QHBoxLayout;
    auto* back = new QPushButton(tr("◀ Back"), this);
    auto* forward = new QPushButton(tr("Step ▶"), this);
    back->setToolTip(tr("Both runs back one canonical event (PageUp)"));
    forward->setToolTip(tr("Both runs forward one canonical event (PageDown, Space)"));
    m_jump->setObjectName(QStringLiteral("jumpToDifference"));
    m_jump->setToolTip(tr("Both runs to the first canonical event where they differ (D)"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    bar->addWidget(back);
    bar->addWidget(forward);
    bar->addWidget(m_jump);
    bar->addWidget(m_summary, 1);
    grid->addLayout(bar, 3, 0, 1, 2);

    connect(back, &QPushButton::clicked, this, [this] { stepBackward(); });
    connect(forward, &QPushButton::clicked, this, [this] { stepForward(); });
    connect(m_jump, &QPushButton::clicked, this, [this] { jumpToFirstDifference(); });
    for (auto key : { Qt::Key_PageDown, Qt::Key_Space, Qt::Key_Right })
        connect(new QShortcut(QKeySequence(key), this), &QShortcut::activated, this, [this] { stepForward(); });
    for (auto key : { Qt::Key_PageUp, Qt::Key_Left })
        connect(new QShortcut(QKeySequence(key), this), &QShortcut::activated, this, [this] { stepBackward(); });
    connect(
        new QShortcut(QKeySequence(Qt::Key_D), this), &QShortcut::activated, this, [this] { jumpToFirstDifference(); });
    resize(1400, 760);
}

CompareView::~CompareView() = default;

QStringList CompareView::canonicalLines(const EventLog& log, std::vector<quint64>* indices)
{
    QStringList lines;
    const size_t count = log.size();
    for (size_t i = 0; i < count; ++i) {
        const RecordedEvent e = log.event(i);
        if (!isCanonical(e.kind)) continue;
        lines << QString::asprintf("%.6f ", e.clock) + QString::fromStdString(log.describe(e));
        if (indices) indices->push_back(i);
    }
    return lines;
}

std::optional<FirstDifference> CompareView::firstDifference(const EventLog& a, const EventLog& b)
{
    std::vector<quint64> ia, ib;
    const QStringList la = canonicalLines(a, &ia);
    const QStringList lb = canonicalLines(b, &ib);
    const qsizetype common = std::min(la.size(), lb.size());
    qsizetype k = 0;
    while (k < common && la[k] == lb[k])
        ++k;
    if (k == la.size() && k == lb.size()) return std::nullopt;
    // A run that stopped early differs at its own last event (there is no event after it to show).
    const auto at = [](const std::vector<quint64>& idx, const EventLog& log, qsizetype k) -> quint64 {
        if (k < qsizetype(idx.size())) return idx[size_t(k)];
        return log.size() ? log.size() - 1 : 0;
    };
    FirstDifference d;
    d.left = at(ia, a, k);
    d.right = at(ib, b, k);
    d.leftText = k < la.size() ? la[k] : kEndOfRun;
    d.rightText = k < lb.size() ? lb[k] : kEndOfRun;
    return d;
}

bool CompareView::loadRun(const QString& path, Session* out, QString* error)
{
    if (path.endsWith(QLatin1String(".py"), Qt::CaseInsensitive)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error) *error = tr("Cannot read %1").arg(path);
            return false;
        }
        Session s;
        s.scenarioPath = path;
        s.source = QString::fromUtf8(file.readAll());
        s.log = RecordController::recordRun(path, s.source);
        *out = std::move(s);
        return true;
    }
    return SessionFile::open(path, out, error);
}

void CompareView::setRuns(const Session& left, const QString& leftName, const Session& right, const QString& rightName)
{
    const Session* sides[2] = { &left, &right };
    const QString names[2] = { leftName, rightName };
    for (int side = 0; side < 2; ++side) {
        delete m_timelines[side];
        m_timelines[side] = new ReplayTimeline(sides[side]->log, sides[side]->origin, this);
        m_canonical[side].clear();
        canonicalLines(*m_timelines[side]->log(), &m_canonical[side]);
        m_title[side]->setText(names[side]);
        m_pos[side] = m_canonical[side].empty() ? (m_timelines[side]->eventCount() ? 0 : -1)
                                                : qint64(m_canonical[side].front());
    }
    m_diff = firstDifference(*m_timelines[0]->log(), *m_timelines[1]->log());
    m_jump->setEnabled(m_diff.has_value());
    showSide(0, false);
    showSide(1, false);
    updateSummary();
}

bool CompareView::openFiles(const QString& left, const QString& right, QString* error)
{
    Session a, b;
    if (!loadRun(left, &a, error) || !loadRun(right, &b, error)) return false;
    setRuns(a, QFileInfo(left).fileName(), b, QFileInfo(right).fileName());
    return true;
}

bool CompareView::stepForward()
{
    bool moved = false;
    for (int side = 0; side < 2; ++side) {
        const auto& idx = m_canonical[side];
        const auto it = std::upper_bound(idx.begin(), idx.end(), quint64(std::max<qint64>(m_pos[side], 0)));
        if (m_pos[side] >= 0 && it != idx.end()) {
            m_pos[side] = qint64(*it);
            showSide(side, true);
            moved = true;
        }
    }
    updateSummary();
    return moved;
}

bool CompareView::stepBackward()
{
    bool moved = false;
    for (int side = 0; side < 2; ++side) {
        const auto& idx = m_canonical[side];
        auto it = std::lower_bound(idx.begin(), idx.end(), quint64(std::max<qint64>(m_pos[side], 0)));
        if (m_pos[side] >= 0 && it != idx.begin()) {
            m_pos[side] = qint64(*--it);
            showSide(side, true);
            moved = true;
        }
    }
    updateSummary();
    return moved;
}

bool CompareView::jumpToFirstDifference()
{
    if (!m_diff) return false;
    m_pos[0] = qint64(m_diff->left);
    m_pos[1] = qint64(m_diff->right);
    showSide(0, false);
    showSide(1, false);
    updateSummary();
    return true;
}

bool CompareView::isPastDifference(int side) const
{
    if (!m_diff || m_pos[side] < 0) return false;
    return quint64(m_pos[side]) >= (side == 0 ? m_diff->left : m_diff->right);
}

void CompareView::showSide(int side, bool animate)
{
    ReplayTimeline* t = m_timelines[side];
    if (!t || m_pos[side] < 0) {
        m_views[side]->setState(LoopState {}, false);
        m_event[side]->setText(tr("No events"));
        return;
    }
    m_views[side]->setState(t->stateAt(quint64(m_pos[side])), animate);
    const EventInfo e = t->event(quint64(m_pos[side]));
    m_event[side]->setText(tr("event %1  ·  t = %2  ·  %3").arg(e.index).arg(e.clock, 0, 'f', 3).arg(e.text));
}

void CompareView::updateSummary()
{
    const bool atDiff = m_diff && quint64(m_pos[0]) == m_diff->left && quint64(m_pos[1]) == m_diff->right;
    for (int side = 0; side < 2; ++side) {
        QPalette p = m_event[side]->palette();
        const bool past = isPastDifference(side);
        p.setColor(QPalette::Window, past ? QColor(atDiff ? 0xffcdd2 : 0xffebee) : palette().color(QPalette::Window));
        p.setColor(QPalette::WindowText, past ? QColor(0xb71c1c) : palette().color(QPalette::WindowText));
        m_event[side]->setPalette(p);
        m_views[side]->setStyleSheet(past ? QStringLiteral("QGraphicsView { border: 3px solid #d32f2f; }") : QString());
    }
    if (!m_diff) {
        m_summary->setText(tr("The two runs have the same canonical trace."));
        return;
    }
    m_summary->setText(tr("%1First difference: left event %2 “%3”, right event %4 “%5”")
                           .arg(atDiff ? tr("▶ ") : QString())
                           .arg(m_diff->left)
                           .arg(m_diff->leftText)
                           .arg(m_diff->right)
                           .arg(m_diff->rightText));
}

} // namespace loopscope

#include "framerenderer.h"

#include "futurelistmodel.h"
#include "loopview.h"
#include "session.h"
#include "sourceeditor.h"
#include "taskcolors.h"
#include "taskgraphview.h"
#include "tasklistmodel.h"

#include <QApplication>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QParallelAnimationGroup>
#include <QWidget>
#include <loopscope/debug/statefold.h>

namespace loopscope {

namespace {
// The transition's length in animation time; frames sample it evenly, so only its shape matters.
constexpr int kTransitionMs = 600;
} // namespace

struct FrameRenderer::Widgets {
    QWidget frame;
    QLabel* header = nullptr;
    LoopView* loop = nullptr;
    TaskGraphView* tasks = nullptr;
    SourceEditor* source = nullptr;
    QLabel* caption = nullptr;
    TaskListModel taskModel;
    FutureListModel futureModel;
};

FrameRenderer::FrameRenderer(const Session& session, QSize size)
    : m_session(session)
    , m_fold(session.fold)
    , m_size(size)
    , m_w(std::make_unique<Widgets>())
{
    if (!m_fold && session.log) m_fold = SessionFile::prepareFold(session.log);
    Widgets& w = *m_w;
    w.frame.setAttribute(Qt::WA_DontShowOnScreen); // rendered for export only, never on screen
    w.frame.setFixedSize(size);
    w.frame.setAutoFillBackground(true);
    auto* grid = new QGridLayout(&w.frame);
    grid->setContentsMargins(6, 6, 6, 6);
    grid->setSpacing(4);
    w.header = new QLabel(&w.frame);
    w.loop = new LoopView(&w.frame);
    w.loop->setAnimationDuration(0);
    w.loop->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w.loop->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w.tasks = new TaskGraphView(&w.frame);
    w.tasks->setModels(&w.taskModel, &w.futureModel);
    w.source = new SourceEditor(&w.frame);
    w.source->setReadOnly(true);
    w.source->setBreakpointsEnabled(false);
    w.source->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w.source->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    w.source->setSource(session.source);
    w.caption = new QLabel(&w.frame);
    w.caption->setWordWrap(true);
    QFont big = w.caption->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    w.caption->setFont(big);
    w.caption->setMinimumHeight(w.caption->fontMetrics().height() * 2 + 4);
    w.caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    grid->addWidget(w.header, 0, 0, 1, 2);
    grid->addWidget(w.loop, 1, 0);
    grid->addWidget(w.tasks, 1, 1, 2, 1, Qt::AlignTop);
    grid->addWidget(w.source, 2, 0);
    grid->addWidget(w.caption, 3, 0, 1, 2);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setRowStretch(1, 3);
    grid->setRowStretch(2, 2);
    w.frame.show();
    QApplication::processEvents();
}

FrameRenderer::~FrameRenderer() = default;

LoopState FrameRenderer::stateAt(quint64 index) const
{
    const quint64 count = m_session.log ? m_session.log->size() : 0;
    if (count == 0 || !m_fold) return {};
    index = std::min(index, count - 1);
    LoopState s = m_fold->stateAt(index);
    if (index + 1 == count && m_session.log->finished()) {
        s.finished = true;
        if (s.finishReason.empty()) s.finishReason = m_session.log->finishReason();
    }
    return s;
}

QString FrameRenderer::caption(quint64 index) const
{
    auto note = m_session.notes.constFind(index);
    if (note != m_session.notes.constEnd() && !note.value().isEmpty()) return note.value();
    if (!m_session.log || index >= m_session.log->size()) return {};
    return QString::fromStdString(m_session.log->describe(m_session.log->event(index)));
}

QString FrameRenderer::header(quint64 index, const LoopState& state) const
{
    const quint64 count = m_session.log ? m_session.log->size() : 0;
    const QString name = QFileInfo(m_session.scenarioPath).fileName();
    return QStringLiteral("%1  ·  iteration %2  ·  %3  ·  t = %4  ·  event %5 of %6")
        .arg(name.isEmpty() ? QStringLiteral("session") : name)
        .arg(state.iteration)
        .arg(QString::fromLatin1(loopPhaseName(state.phase)))
        .arg(state.clock, 0, 'f', 3)
        .arg(index)
        .arg(count);
}

void FrameRenderer::show(quint64 index, bool animate)
{
    Widgets& w = *m_w;
    const LoopState state = stateAt(index);
    w.header->setText(header(index, state));
    w.caption->setText(caption(index));
    w.loop->setState(state, animate);
    w.taskModel.setState(state);
    w.futureModel.setState(state);
    // The current line only makes sense when the state's file is the session's scenario.
    const bool sameFile = state.currentFile.empty() || m_session.scenarioPath.isEmpty()
        || QFileInfo(QString::fromStdString(state.currentFile)).fileName()
            == QFileInfo(m_session.scenarioPath).fileName();
    w.source->setCurrentLine(sameFile && state.currentLineIsLive() ? state.currentLine : 0);
    QList<TaskMarker> markers;
    for (const TaskView& task : state.tasks) {
        if (task.state != TaskView::State::Suspended && task.state != TaskView::State::Scheduled) continue;
        for (const FrameView& frame : task.frames)
            if (frame.line > 0)
                markers << TaskMarker { frame.line, taskColor(task.id), QString::fromStdString(task.name) };
    }
    w.source->setTaskMarkers(markers);
    m_shown = index;
}

QImage FrameRenderer::grab()
{
    QApplication::processEvents();
    QImage image = m_w->frame.grab().toImage().convertToFormat(QImage::Format_RGBA8888);
    if (image.size() != m_size) image = image.scaled(m_size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return image;
}

QImage FrameRenderer::render(quint64 index)
{
    m_w->loop->setAnimationDuration(0);
    show(index, false);
    return grab();
}

QList<QImage> FrameRenderer::renderTransition(quint64 index, int frames)
{
    if (frames <= 1) return { render(index) };
    LoopView* loop = m_w->loop;
    // A transition starts from the step before; a range's first step gets one too.
    if (index > 0 && m_shown != index - 1) {
        loop->setAnimationDuration(0);
        show(index - 1, false);
    }
    loop->setAnimationDuration(kTransitionMs);
    show(index, true);
    QList<QImage> images;
    QParallelAnimationGroup* transition = loop->currentAnimation();
    if (transition) transition->pause(); // driven frame by frame below, never by the wall clock
    for (int f = 1; f <= frames; ++f) {
        if (transition) transition->setCurrentTime(transition->totalDuration() * f / frames);
        if (f == frames) loop->finishAnimations();
        images << grab();
    }
    return images;
}

} // namespace loopscope

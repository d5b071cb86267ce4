#pragma once
// FrameRenderer: draws one step of a recorded session offscreen with the real views (the loop
// view with its phase strip, ready deque and timer heap; the task cards; the source with the
// current line; the step's note as a caption), for video, PNG and PDF export.

#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <loopscope/debug/loopstate.h>
#include <memory>
#include <optional>

namespace loopscope {

struct Session;
class StateFold;
class LoopView;
class TaskGraphView;
class SourceEditor;
class TaskListModel;
class FutureListModel;

/// Renders states of one session into images of a fixed size (needs a QApplication).
class FrameRenderer {
public:
    /// `size` is the whole frame; even sizes suit H.264.
    FrameRenderer(const Session& session, QSize size);
    ~FrameRenderer();
    FrameRenderer(const FrameRenderer&) = delete;
    FrameRenderer& operator=(const FrameRenderer&) = delete;

    /// The state just after event `index` (clamped to the log), with the end of a finished run marked.
    LoopState stateAt(quint64 index) const;
    /// The frame for event `index`: views, header line and caption.
    QImage render(quint64 index);
    /// The step to event `index` as `frames` frames: the loop view's transition from the step
    /// before (cards sliding, heap nodes swapping, the clock ticking) sampled at even times; the
    /// last frame is render(index). One frame is render(index) alone.
    QList<QImage> renderTransition(quint64 index, int frames);
    /// The caption of event `index`: its note when there is one, else what happened.
    QString caption(quint64 index) const;
    /// "iteration 3 · t = 2.000 · event 120 of 480".
    QString header(quint64 index, const LoopState& state) const;
    QSize size() const { return m_size; }

private:
    struct Widgets;
    /// Puts event `index` into every view (the loop view animating when `animate`).
    void show(quint64 index, bool animate);
    QImage grab();
    const Session& m_session;
    std::shared_ptr<StateFold> m_fold;
    QSize m_size;
    std::unique_ptr<Widgets> m_w;
    std::optional<quint64> m_shown; // the event the loop view shows, so a transition starts there
};

} // namespace loopscope

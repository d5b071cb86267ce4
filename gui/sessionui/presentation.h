#pragma once
// PresentationController: what presentation mode adds for a lecture. Full screen, only the
// panels the lecturer chose (remembered in QSettings), clicker keys (PageDown/PageUp/Space step,
// B / Shift+B jump between bookmarks, Esc leaves) and the current step's note as a caption.

#include "timeline.h"

#include <QObject>
#include <QStringList>

class QKeyEvent;
class QLabel;
class QWidget;

namespace loopscope {

class MainWindow;
class RecordController;

class PresentationController : public QObject {
    Q_OBJECT
public:
    PresentationController(MainWindow* window, RecordController* recorder, QObject* parent = nullptr);
    ~PresentationController() override;

    /// Object names of the docks shown while presenting (QSettings "presentation/panels").
    QStringList panels() const;
    void setPanels(const QStringList& dockNames);
    /// How far one clicker press steps (QSettings "presentation/step").
    Granularity stepGranularity() const;
    void setStepGranularity(Granularity granularity);
    /// A small dialog of checkboxes for the panels and a choice of step size.
    void choosePanels(QWidget* parent);

    bool isActive() const { return m_active; }
    /// The caption label drawn over the loop view (hidden when the step has no note).
    QLabel* caption() const { return m_caption; }

    /// One clicker press: forward or back one step; next or previous bookmark.
    bool step(bool forward);
    bool jumpToBookmark(bool forward);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void enter();
    void leave();
    void updateCaption();
    void placeCaption();
    /// The action a key press means while presenting, or 0 for keys left alone.
    int command(QObject* receiver, const QKeyEvent* key) const;

    MainWindow* m_window;
    QWidget* m_loopView; // kept apart: the filter still sees the view while ~MainWindow runs
    RecordController* m_recorder;
    QLabel* m_caption;
    bool m_active = false;
    Qt::WindowStates m_stateBefore;
    bool m_menuBarVisible = true;
    QList<QWidget*> m_hiddenToolBars;
};

} // namespace loopscope

#pragma once
// SessionUi: sessions for lectures, added to a MainWindow from outside. It records a walk-through
// (File > Record Session), keeps notes and bookmarks in a dock, saves and opens .lsn files and
// replays them without running anything, adds the clicker keys and caption to presentation mode
// and opens two runs side by side.

#include "session.h"
#include "timeline.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;

namespace loopscope {

class CompareView;
class MainWindow;
class NotesPanel;
class PresentationController;
class RecordController;

class SessionUi : public QObject {
    Q_OBJECT
public:
    /// Adds the session actions, menus and the notes dock to `window` (which becomes the parent).
    explicit SessionUi(MainWindow* window);
    ~SessionUi() override;

    RecordController* recorder() const { return m_recorder; }
    NotesPanel* notesPanel() const { return m_notes; }
    QDockWidget* notesDock() const { return m_notesDock; }
    PresentationController* presentation() const { return m_presentation; }
    /// The action named `objectName` ("recordSession", "openSession", "saveSession", …), or null.
    QAction* action(const QString& objectName) const;

    /// Starts recording the scenario on screen (its run replaces the live one, same events);
    /// false when there is no scenario.
    bool startRecording();
    /// Stops recording; the session stays open for saving.
    void stopRecording();
    bool isRecording() const;

    /// Opens a session (.lsn) or canonical trace and replays it: nothing is run.
    bool openSession(const QString& path, QString* error);
    /// Saves the open session (recorded or opened) to `path` atomically.
    bool saveSession(const QString& path, QString* error);
    /// True while the window shows a recorded run (a replay) rather than a live one.
    bool isReplaying() const;

    /// Settings stored with a session: step granularity, breakpoints, break conditions, watches, seed.
    QJsonObject currentSettings() const;
    void applySettings(const QJsonObject& settings);

    /// Opens a window comparing two runs (.lsn, .trace or .py); null with `error` on failure.
    CompareView* openCompare(const QString& left, const QString& right, QString* error);

    /// Moves to the next / previous bookmark; false when there is none.
    bool goToNextBookmark();
    bool goToPreviousBookmark();

protected:
    /// Offers to save an unsaved session when the window closes.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createActions();
    /// Replays `session` in the window and makes it the document (saved at `documentPath`, or not).
    void showSession(Session session, const QString& documentPath, const QString& title);
    void onTimelineChanged();
    void showUnavailable(bool unavailable);
    void message(const QString& text);
    bool saveInteractively(bool askName);

    MainWindow* m_window;
    RecordController* m_recorder;
    NotesPanel* m_notes;
    QDockWidget* m_notesDock;
    PresentationController* m_presentation;
    QList<QLabel*> m_unavailable; // overlays saying what a CPython run did not record
    QPointer<CompareView> m_compare;
};

} // namespace loopscope

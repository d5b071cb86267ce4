#pragma once
// NotesPanel: the lecturer's notes beside the views. It edits the note of the current step,
// toggles a bookmark on it and lists the bookmarks of the session to jump between them.

#include <QWidget>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QToolButton;

namespace loopscope {

class DebugSession;
class RecordController;

class NotesPanel : public QWidget {
    Q_OBJECT
public:
    NotesPanel(RecordController* recorder, DebugSession* session, QWidget* parent = nullptr);

    QPlainTextEdit* editor() const { return m_editor; }
    QToolButton* bookmarkButton() const { return m_bookmark; }
    QListWidget* bookmarkList() const { return m_list; }
    /// Says that locals and lines are missing (CPython runs), or hides the banner (`text` empty).
    void setUnavailableNote(const QString& text);
    QString unavailableNote() const;

signals:
    /// The user picked a bookmark in the list.
    void jumpRequested(qint64 index);

private:
    void showStep();
    void rebuildList();

    RecordController* m_recorder;
    DebugSession* m_session;
    QLabel* m_status;
    QLabel* m_step;
    QLabel* m_banner;
    QToolButton* m_bookmark;
    QPlainTextEdit* m_editor;
    QListWidget* m_list;
    qint64 m_shown = -1; // the step whose note the editor holds
    bool m_loading = false;
};

} // namespace loopscope

#pragma once
// RecordController: the session document behind the window. Recording captures the scenario,
// the settings and the run's event log; bookmarks and notes are kept per event index; the
// Autosaver writes a sidecar while recording and SessionFile saves the document atomically.

#include "session.h"

#include <QJsonObject>
#include <QObject>
#include <future>
#include <memory>
#include <optional>

namespace loopscope {

class Autosaver;

class RecordController : public QObject {
    Q_OBJECT
public:
    explicit RecordController(QObject* parent = nullptr);
    ~RecordController() override;

    /// Runs `source` on the engine to its end, recording every event (with locals, and the values
    /// of `watches`) into a log: the same file always gives the same run, so this is the run the
    /// window shows.
    static std::shared_ptr<EventLog> recordRun(
        const QString& path, const QString& source, const QStringList& watches = {});
    /// The watch expressions a session's settings name.
    static QStringList watchesOf(const QJsonObject& settings);

    /// Starts recording a walk-through of `source`: records its run on a worker thread (the window
    /// stays live meanwhile) and starts autosaving. Bookmarks and notes of a previous document are dropped.
    void start(const QString& scenarioPath, const QString& source, const QJsonObject& settings);
    /// Stops recording (the document stays, ready to be saved).
    void stop();
    bool isRecording() const { return m_recording; }

    /// Makes a loaded session the document (`documentPath` is where it lives, or empty).
    void setSession(Session session, const QString& documentPath);
    /// True when there is something to save (a recording, maybe still being taken, or an opened session).
    bool hasDocument() const { return m_session.log != nullptr || m_pending.valid(); }
    /// The document; waits for a recording still running on the worker, so its log is whole.
    const Session& session();
    /// True while the worker is still recording the run.
    bool isRecordingRun() const { return m_pending.valid(); }
    /// Replaces the settings recorded with the document (granularity, breakpoints, watches …).
    /// While recording, a changed watch list records the run again to take the new values.
    void setSettings(const QJsonObject& settings);
    QString documentPath() const { return m_documentPath; }
    /// True when bookmarks, notes or the recording changed since the last save.
    bool isModified() const { return m_modified; }

    /// Saves the document to `path` atomically; on success it becomes the document path and the
    /// autosave sidecar is discarded.
    bool save(const QString& path, QString* error);

    /// Adds a bookmark at `index` (titled `title`, or the event's text) or removes the one there.
    /// Returns true when `index` is bookmarked afterwards.
    bool toggleBookmark(quint64 index, const QString& title = {});
    bool isBookmarked(quint64 index) const;
    QString bookmarkTitle(quint64 index) const;
    void setBookmarkTitle(quint64 index, const QString& title);
    /// Bookmarks sorted by event index.
    QList<Bookmark> bookmarks() const;
    /// The first bookmark after `from` / the last before `from`, if any.
    std::optional<quint64> nextBookmark(qint64 from) const;
    std::optional<quint64> previousBookmark(qint64 from) const;

    /// Sets the note typed for the step at `index` (empty text removes it).
    void setNote(quint64 index, const QString& text);
    QString note(quint64 index) const;

    Autosaver* autosaver() const { return m_autosaver; }

signals:
    void recordingChanged(bool recording);
    /// Bookmarks changed (added, removed, renamed).
    void bookmarksChanged();
    /// The note at `index` changed.
    void noteChanged(quint64 index);
    /// A new document was started or opened.
    void documentChanged();
    /// The worker finished recording the run (at start, or again for a new watch list).
    void runRecorded();

private:
    /// Records the document's program on a worker; the newest request wins.
    void recordInBackground(const QStringList& watches);
    /// Waits for the worker's log, if any, and makes it the document's.
    void adoptRecordedRun();

    Session m_session;
    std::future<std::shared_ptr<EventLog>> m_pending;
    quint64 m_runsStarted = 0; // the worker's hand-over adopts only the newest run
    QString m_documentPath;
    Autosaver* m_autosaver;
    bool m_recording = false;
    bool m_modified = false;
};

} // namespace loopscope

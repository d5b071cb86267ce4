#pragma once
// Autosaver: while a walk-through is being recorded, saves the session every few seconds to a
// sidecar file, atomically, so a crash costs at most one interval. The sidecar sits next to the
// document (`talk.lsn.autosave`) or, for a document never saved, under AppDataLocation.

#include "session.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace loopscope {

class Autosaver : public QObject {
    Q_OBJECT
public:
    /// Returns the session to save (called on the GUI thread; the log may still be recording).
    using Snapshot = std::function<Session()>;

    explicit Autosaver(Snapshot snapshot, const QString& documentPath = {}, QObject* parent = nullptr);

    void setDocumentPath(const QString& documentPath) { m_documentPath = documentPath; }
    QString documentPath() const { return m_documentPath; }
    QString autosavePath() const { return autosavePathFor(m_documentPath); }
    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }

    /// Starts saving every interval (5 s by default); stop() ends it.
    void start() { m_timer.start(); }
    void stop() { m_timer.stop(); }
    bool isActive() const { return m_timer.isActive(); }
    /// Saves now unless nothing changed since the last autosave (same event count, bookmarks, notes).
    bool saveNow(QString* error = nullptr);
    /// Deletes the sidecar: call after the user saved the document or closed it cleanly.
    void discard();

    /// `<document>.autosave`, or AppDataLocation/autosave/untitled.lsn.autosave for an unsaved one.
    static QString autosavePathFor(const QString& documentPath);
    /// True when an autosave exists that is newer than the document (or the document is gone).
    static bool hasRecoverableAutosave(const QString& documentPath);
    /// Loads the autosave of `documentPath` (the caller decides whether to keep it).
    static bool recover(const QString& documentPath, Session* out, QString* error);

signals:
    void saved(const QString& path);
    void failed(const QString& message);

private:
    Snapshot m_snapshot;
    QString m_documentPath;
    QTimer m_timer;
    QByteArray m_lastFingerprint; // what was saved last, to skip saves that would change nothing
};

} // namespace loopscope

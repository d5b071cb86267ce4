#pragma once
// Session: one recorded walk-through as a document (scenario, settings, the whole event log,
// bookmarks and notes), and SessionFile, which saves it atomically and loads it defensively.
// The on-disk format is described byte by byte in docs/session-format.md.

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

namespace loopscope {

/// A named position in the run a lecturer wants to jump back to.
struct Bookmark {
    quint64 eventIndex = 0;
    QString title;
    bool operator==(const Bookmark&) const = default;
};

struct Session {
    QString scenarioPath;
    QString source; ///< the scenario's text as it was when recorded
    QJsonObject settings; ///< granularity, breakpoints, watches, seed … (opaque to the file)
    std::shared_ptr<EventLog> log;
    QList<Bookmark> bookmarks;
    QMap<quint64, QString> notes; ///< per event index
    /// "loopscope" (our VM) or "cpython" (recorded from real CPython: no locals, no lines;
    /// what was not recorded is shown as unavailable, never invented).
    QString origin = QStringLiteral("loopscope");
    QString writtenBy; ///< the Loopscope version that wrote the file (set by load)
    /// The log folded with every checkpoint built (set by load, or by SessionFile::prepareFold),
    /// so that even the first seek is fast. It keeps its own reference to the log it folds.
    std::shared_ptr<StateFold> fold;
};

class SessionFile {
public:
    static constexpr quint16 kFormatMajor = 1; ///< a reader refuses a newer major
    static constexpr quint16 kFormatMinor = 1; ///< newer minors only add sections, which are skipped

    /// Writes `session` to `path` atomically (a temporary file renamed over the target); on
    /// failure the previous file is untouched and `error` says why. Events recorded while saving
    /// are left for the next save (the event count is taken once, at the start).
    static bool save(const Session& session, const QString& path, QString* error);
    /// Reads a session file; on failure returns false with a sentence for the user in `error`
    /// and leaves `out` unchanged. Never crashes, whatever the bytes.
    static bool load(const QString& path, Session* out, QString* error);
    /// The same, from bytes already in memory (`name` is used in messages).
    static bool fromBytes(const QByteArray& bytes, Session* out, QString* error);
    /// The bytes save() writes.
    static QByteArray toBytes(const Session& session);

    /// A StateFold over `log` with every checkpoint built; it keeps `log` alive.
    static std::shared_ptr<StateFold> prepareFold(std::shared_ptr<EventLog> log);

    /// Opens what a user picked: a session file (by its signature) or a canonical trace
    /// (`.trace`, through importTrace()).
    static bool open(const QString& path, Session* out, QString* error);

    /// Imports a canonical trace (TRACE.md) as written by tools/cpython_trace.py or
    /// `loopscope-cli trace`: the heap and the ready deque are rebuilt by replaying heapq, steps
    /// and phases are inferred, and the origin is "cpython". Errors name the line.
    static bool importTrace(const QString& path, Session* out, QString* error);
    /// The same, from text in memory.
    static bool importTraceText(const QByteArray& text, Session* out, QString* error);
};

} // namespace loopscope

#include "recordcontroller.h"

#include "autosave.h"

#include <QFileInfo>
#include <QJsonArray>
#include <algorithm>
#include <loopscope/engine.h>

namespace loopscope {

RecordController::RecordController(QObject* parent)
    : QObject(parent)
    // A snapshot waits for a run still being recorded: notes and bookmarks must fall inside the log.
    , m_autosaver(new Autosaver([this] { return session(); }, {}, this))
{
}

RecordController::~RecordController()
{
    m_autosaver->stop();
    // The worker's queued hand-over dies with this object; the run itself must end first.
    if (m_pending.valid()) m_pending.wait();
}

std::shared_ptr<EventLog> RecordController::recordRun(const QString& path, const QString& source, const QStringList& watches)
{
    auto log = std::make_shared<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(*log);
    if (!watches.isEmpty()) {
        std::vector<std::string> expressions;
        for (const QString& w : watches) expressions.push_back(w.toStdString());
        engine.setWatches(std::move(expressions), *log);
    }
    const std::string filename = QFileInfo(path).fileName().toStdString();
    const RunResult result = engine.run(source.toStdString(), filename.empty() ? std::string("scenario.py") : filename);
    log->finish(result.finishReason());
    return log;
}

QStringList RecordController::watchesOf(const QJsonObject& settings)
{
    QStringList watches;
    for (const QJsonValue& v : settings.value(QStringLiteral("watches")).toArray())
        if (!v.toString().isEmpty()) watches.append(v.toString());
    return watches;
}

void RecordController::start(const QString& scenarioPath, const QString& source, const QJsonObject& settings)
{
    Session s;
    s.scenarioPath = scenarioPath;
    s.source = source;
    s.settings = settings;
    s.origin = QStringLiteral("loopscope");
    m_session = std::move(s);
    recordInBackground(watchesOf(settings));
    m_documentPath.clear();
    m_autosaver->setDocumentPath({});
    m_modified = true;
    emit documentChanged();
    emit bookmarksChanged();
    m_recording = true;
    emit recordingChanged(true);
}

void RecordController::stop()
{
    if (!m_recording) return;
    m_recording = false;
    m_autosaver->stop();
    emit recordingChanged(false);
}

void RecordController::setSession(Session session, const QString& documentPath)
{
    stop();
    if (m_pending.valid()) m_pending.wait(); // a recording being replaced: nobody wants its log
    m_pending = {};
    m_session = std::move(session);
    m_documentPath = documentPath;
    m_autosaver->setDocumentPath(documentPath);
    m_modified = false;
    emit documentChanged();
    emit bookmarksChanged();
}

void RecordController::setSettings(const QJsonObject& settings)
{
    if (m_session.settings == settings) return;
    const bool rewatch = m_recording && watchesOf(settings) != watchesOf(m_session.settings);
    m_session.settings = settings;
    m_modified = true;
    // The run is deterministic: recording it again gives the same events, now with these watches.
    if (rewatch) recordInBackground(watchesOf(settings));
}

const Session& RecordController::session()
{
    adoptRecordedRun();
    return m_session;
}

void RecordController::recordInBackground(const QStringList& watches)
{
    // One run at a time: a newer watch list supersedes the run in flight once it ends.
    if (m_pending.valid()) m_pending.wait();
    const quint64 run = ++m_runsStarted;
    m_pending = std::async(std::launch::async,
        [this, run, path = m_session.scenarioPath, source = m_session.source, watches]() {
            std::shared_ptr<EventLog> log = recordRun(path, source, watches);
            QMetaObject::invokeMethod(
                this, [this, run] { if (run == m_runsStarted) adoptRecordedRun(); }, Qt::QueuedConnection);
            return log;
        });
}

void RecordController::adoptRecordedRun()
{
    if (!m_pending.valid()) return; // already adopted (session() waited for it)
    m_session.log = m_pending.get();
    // Autosaving starts with the first whole log: a sidecar of nothing would help nobody.
    if (m_recording) m_autosaver->start();
    emit runRecorded();
}

bool RecordController::save(const QString& path, QString* error)
{
    if (!hasDocument()) {
        if (error) *error = tr("There is no session to save: record one first.");
        return false;
    }
    if (!SessionFile::save(session(), path, error)) return false;
    // The old sidecar belongs to the old name (or to "untitled"): the saved file supersedes it.
    m_autosaver->discard();
    m_documentPath = path;
    m_autosaver->setDocumentPath(path);
    m_modified = false;
    return true;
}

bool RecordController::toggleBookmark(quint64 index, const QString& title)
{
    auto& marks = m_session.bookmarks;
    const auto it
        = std::find_if(marks.begin(), marks.end(), [index](const Bookmark& b) { return b.eventIndex == index; });
    m_modified = true;
    if (it != marks.end()) {
        marks.erase(it);
        emit bookmarksChanged();
        return false;
    }
    QString name = title;
    const std::shared_ptr<EventLog>& log = session().log;
    if (name.isEmpty() && log && index < log->size()) name = QString::fromStdString(log->describe(log->event(index)));
    marks.append({ index, name });
    std::sort(
        marks.begin(), marks.end(), [](const Bookmark& a, const Bookmark& b) { return a.eventIndex < b.eventIndex; });
    emit bookmarksChanged();
    return true;
}

bool RecordController::isBookmarked(quint64 index) const
{
    return std::any_of(m_session.bookmarks.begin(), m_session.bookmarks.end(),
        [index](const Bookmark& b) { return b.eventIndex == index; });
}

QString RecordController::bookmarkTitle(quint64 index) const
{
    for (const Bookmark& b : m_session.bookmarks) {
        if (b.eventIndex == index) return b.title;
    }
    return {};
}

void RecordController::setBookmarkTitle(quint64 index, const QString& title)
{
    for (Bookmark& b : m_session.bookmarks) {
        if (b.eventIndex == index && b.title != title) {
            b.title = title;
            m_modified = true;
            emit bookmarksChanged();
        }
    }
}

QList<Bookmark> RecordController::bookmarks() const
{
    QList<Bookmark> marks = m_session.bookmarks;
    std::sort(
        marks.begin(), marks.end(), [](const Bookmark& a, const Bookmark& b) { return a.eventIndex < b.eventIndex; });
    return marks;
}

std::optional<quint64> RecordController::nextBookmark(qint64 from) const
{
    std::optional<quint64> best;
    for (const Bookmark& b : m_session.bookmarks) {
        if (qint64(b.eventIndex) > from && (!best || b.eventIndex < *best)) best = b.eventIndex;
    }
    return best;
}

std::optional<quint64> RecordController::previousBookmark(qint64 from) const
{
    std::optional<quint64> best;
    for (const Bookmark& b : m_session.bookmarks) {
        if (qint64(b.eventIndex) < from && (!best || b.eventIndex > *best)) best = b.eventIndex;
    }
    return best;
}

void RecordController::setNote(quint64 index, const QString& text)
{
    const QString old = m_session.notes.value(index);
    if (old == text) return;
    if (text.isEmpty())
        m_session.notes.remove(index);
    else
        m_session.notes.insert(index, text);
    m_modified = true;
    emit noteChanged(index);
}

QString RecordController::note(quint64 index) const
{
    return m_session.notes.value(index);
}

} // namespace loopscope

#include "recordcontroller.h"

#include "autosave.h"

#include <QFileInfo>
#include <algorithm>
#include <loopscope/engine.h>

namespace loopscope {

namespace {

void recordLocals(void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals)
{
    static_cast<EventLog*>(ctx)->recordLocals(locals);
}

// Worded as EngineTimeline words it, so a replay's "finished: …" reads like the live run's.
std::string finishReason(const RunResult& result)
{
    switch (result.status) {
    case RunResult::Status::Completed:
        return "completed";
    case RunResult::Status::Deadlock:
        return "deadlock";
    case RunResult::Status::BudgetExceeded:
        return "event budget exhausted: the run was stopped";
    case RunResult::Status::Blocked:
        return "the loop is blocked: " + result.message;
    case RunResult::Status::SyntaxError:
    case RunResult::Status::UncaughtException:
        return "error " + result.errorType + (result.message.empty() ? "" : ": " + result.message);
    case RunResult::Status::Stopped:
        return "stopped";
    case RunResult::Status::InternalError:
        return "internal error: " + result.message;
    }
    return {};
}

} // namespace

RecordController::RecordController(QObject* parent)
    : QObject(parent)
    , m_autosaver(new Autosaver([this] { return m_session; }, {}, this))
{
}

RecordController::~RecordController()
{
    m_autosaver->stop();
}

std::shared_ptr<EventLog> RecordController::recordRun(const QString& path, const QString& source)
{
    auto log = std::make_shared<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(&recordLocals, log.get());
    const std::string filename = QFileInfo(path).fileName().toStdString();
    const RunResult result = engine.run(source.toStdString(), filename.empty() ? std::string("scenario.py") : filename);
    log->finish(finishReason(result));
    return log;
}

void RecordController::start(const QString& scenarioPath, const QString& source, const QJsonObject& settings)
{
    Session s;
    s.scenarioPath = scenarioPath;
    s.source = source;
    s.settings = settings;
    s.log = recordRun(scenarioPath, source);
    s.origin = QStringLiteral("loopscope");
    m_session = std::move(s);
    m_documentPath.clear();
    m_autosaver->setDocumentPath({});
    m_modified = true;
    emit documentChanged();
    emit bookmarksChanged();
    m_recording = true;
    m_autosaver->start();
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
    m_session.settings = settings;
    m_modified = true;
}

bool RecordController::save(const QString& path, QString* error)
{
    if (!hasDocument()) {
        if (error) *error = tr("There is no session to save: record one first.");
        return false;
    }
    if (!SessionFile::save(m_session, path, error)) return false;
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
    if (name.isEmpty() && m_session.log && index < m_session.log->size())
        name = QString::fromStdString(m_session.log->describe(m_session.log->event(index)));
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

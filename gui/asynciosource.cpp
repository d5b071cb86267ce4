#include "asynciosource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

namespace loopscope {

namespace {
int indentOf(const QString& line)
{
    int n = 0;
    while (n < line.size() && (line[n] == QLatin1Char(' ') || line[n] == QLatin1Char('\t')))
        ++n;
    return n;
}

bool isBlank(const QString& line)
{
    return line.trimmed().isEmpty();
}

/// First statement line at or after `from` (0-based) whose text contains `needle`, or -1.
/// Comment lines are skipped: they often mention the very statements we look for.
int findLine(const QStringList& lines, const QString& needle, int from, int to)
{
    for (int i = std::max(0, from); i < std::min(to, int(lines.size())); ++i) {
        if (lines[i].contains(needle) && !lines[i].trimmed().startsWith(QLatin1Char('#')))
            return i;
    }
    return -1;
}
} // namespace

LineRange blockAt(const QStringList& lines, int line)
{
    const int start = line - 1;
    if (start < 0 || start >= lines.size())
        return {};
    const int indent = indentOf(lines[start]);
    int last = start;
    // A statement's block: following lines indented deeper (blank lines inside do not end it).
    // Bracketed continuation lines are indented deeper too, so they belong to it.
    for (int i = start + 1; i < lines.size(); ++i) {
        if (isBlank(lines[i]))
            continue;
        if (indentOf(lines[i]) <= indent)
            break;
        last = i;
    }
    return LineRange { start + 1, last + 1 };
}

AsyncioSource::AsyncioSource(QObject* parent)
    : QObject(parent)
{
}

AsyncioSource::~AsyncioSource()
{
    // Never leave the interpreter running behind a closed window.
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(2000);
    }
}

void AsyncioSource::locate(const QString& python, int timeoutMs)
{
    if (m_process)
        return;
    auto* process = new QProcess(this);
    m_process = process;
    auto* timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, process, [process] { process->kill(); });
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        m_process = nullptr;
        const QStringList out = QString::fromUtf8(process->readAllStandardOutput()).split(QLatin1Char('\n'));
        bool found = false;
        if (status == QProcess::NormalExit && code == 0 && !out.isEmpty()) {
            found = loadDirectory(QFileInfo(out.value(0).trimmed()).absolutePath());
            if (found && out.size() > 1 && !out[1].trimmed().isEmpty())
                m_version = QStringLiteral("CPython ") + out[1].trimmed();
        }
        emit located(found);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        // FailedToStart never reaches `finished`; the other errors do.
        if (error == QProcess::FailedToStart) {
            process->deleteLater();
            m_process = nullptr;
            emit located(false);
        }
    });
    process->start(python,
        { QStringLiteral("-c"),
            QStringLiteral("import asyncio, platform; print(asyncio.__file__); print(platform.python_version())") });
    timer->start(timeoutMs);
}

bool AsyncioSource::loadDirectory(const QString& directory)
{
    QHash<QString, QStringList> files;
    for (const QString& name : { QStringLiteral("base_events.py"), QStringLiteral("tasks.py"), QStringLiteral("futures.py") }) {
        QFile file(QDir(directory).filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return false;
        files.insert(name, QString::fromUtf8(file.readAll()).split(QLatin1Char('\n')));
    }
    m_files = std::move(files);
    m_directory = QDir(directory).absolutePath();
    return true;
}

bool AsyncioSource::isLocating() const
{
    return !m_process.isNull();
}

bool AsyncioSource::isLoaded() const
{
    return !m_files.isEmpty();
}

QString AsyncioSource::directory() const
{
    return m_directory;
}

QString AsyncioSource::versionText() const
{
    return m_version;
}

QStringList AsyncioSource::fileLines(const QString& fileName) const
{
    return m_files.value(fileName);
}

FunctionSource AsyncioSource::function(const QString& fileName, const QString& name) const
{
    const QStringList lines = m_files.value(fileName);
    const QRegularExpression def(QStringLiteral("^\\s*(async\\s+)?def\\s+%1\\s*\\(").arg(QRegularExpression::escape(name)));
    for (int i = 0; i < lines.size(); ++i) {
        if (!def.match(lines[i]).hasMatch())
            continue;
        const LineRange range = blockAt(lines, i + 1);
        FunctionSource f;
        f.name = name;
        f.file = QDir(m_directory).filePath(fileName);
        f.firstLine = range.first;
        f.lines = lines.mid(range.first - 1, range.last - range.first + 1);
        return f;
    }
    return {};
}

QStringList AsyncioSource::phaseAnchors()
{
    // One statement that opens each phase, in _run_once's order.
    return {
        QStringLiteral("sched_count = len(self._scheduled)"),
        QStringLiteral("timeout = None"),
        QStringLiteral("self._selector.select(timeout)"),
        QStringLiteral("self._process_events(event_list)"),
        QStringLiteral("end_time = self.time() + self._clock_resolution"),
        QStringLiteral("ntodo = len(self._ready)"),
    };
}

LineRange AsyncioSource::phaseLines(LoopPhase phase) const
{
    if (phase == LoopPhase::Idle)
        return {};
    const FunctionSource f = function(QStringLiteral("base_events.py"), QStringLiteral("_run_once"));
    if (!f.isValid())
        return {};
    const QStringList anchors = phaseAnchors();
    QList<int> starts; // 0-based within f.lines, -1 when not found
    int from = 0;
    for (const QString& anchor : anchors) {
        const int at = findLine(f.lines, anchor, from, int(f.lines.size()));
        starts << at;
        if (at >= 0)
            from = at + 1;
    }
    const int which = int(phase) - 1;
    if (starts[which] < 0)
        return {};
    int end = int(f.lines.size()) - 1;
    for (int next = which + 1; next < starts.size(); ++next) {
        if (starts[next] >= 0) {
            end = starts[next] - 1;
            break;
        }
    }
    // Trailing blank and comment lines belong to the next phase's introduction.
    while (end > starts[which] && (isBlank(f.lines[end]) || f.lines[end].trimmed().startsWith(QLatin1Char('#'))))
        --end;
    return LineRange { f.firstLine + starts[which], f.firstLine + end };
}

QString AsyncioSource::stepBranchAnchor(StepBranch branch)
{
    switch (branch) {
    case StepBranch::Send: return QStringLiteral("coro.send(None)");
    case StepBranch::StopIteration: return QStringLiteral("except StopIteration");
    case StepBranch::Cancelled: return QStringLiteral("except exceptions.CancelledError");
    case StepBranch::Exception: return QStringLiteral("except BaseException");
    case StepBranch::BlockingFuture: return QStringLiteral("result.add_done_callback(");
    case StepBranch::BareYield: return QStringLiteral("elif result is None");
    }
    return {};
}

LineRange AsyncioSource::stepBranchLines(StepBranch branch) const
{
    const FunctionSource f = function(QStringLiteral("tasks.py"), QStringLiteral("__step"));
    if (!f.isValid())
        return {};
    const int at = findLine(f.lines, stepBranchAnchor(branch), 0, int(f.lines.size()));
    if (at < 0)
        return {};
    if (branch == StepBranch::Send) {
        // The try block that drives the coroutine: from `try:` above the send to the first except.
        int first = at;
        while (first > 0 && !f.lines[first].trimmed().startsWith(QLatin1String("try:")))
            --first;
        const int end = findLine(f.lines, QStringLiteral("except"), at, int(f.lines.size()));
        return LineRange { f.firstLine + first, f.firstLine + (end > at ? end - 1 : at) };
    }
    const LineRange block = blockAt(f.lines, at + 1);
    return LineRange { f.firstLine + block.first - 1, f.firstLine + block.last - 1 };
}

} // namespace loopscope

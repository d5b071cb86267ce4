#pragma once
// AsyncioSource: finds the user's own CPython asyncio sources at run time and locates the
// functions and statements the internals panel highlights, by searching text (never by line numbers).

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <loopscope/debug/loopstate.h>

class QProcess;

namespace loopscope {

/// Which part of Task.__step ran (derived from what the step left behind).
enum class StepBranch : uint8_t {
    Send, ///< driving the coroutine: coro.send(None) / coro.throw(exc)
    StopIteration, ///< the coroutine returned: the task's result is set
    Cancelled, ///< CancelledError escaped: the task is cancelled
    Exception, ///< another exception escaped: the task failed
    BlockingFuture, ///< it yielded a future: __wakeup is added as its done callback
    BareYield, ///< it yielded None: __step is scheduled again
};

/// One function of the asyncio sources, as found.
struct FunctionSource {
    QString name; ///< the searched name, e.g. "_run_once"
    QString file; ///< absolute path
    int firstLine = 0; ///< 1-based line of its `def`
    QStringList lines; ///< from the `def` line to the end of its body
    bool isValid() const { return firstLine > 0; }
};

/// A 1-based inclusive range of lines in a file.
struct LineRange {
    int first = 0;
    int last = 0;
    bool isValid() const { return first > 0 && last >= first; }
};

/// The asyncio package of an installed CPython, read from disk.
class AsyncioSource : public QObject {
    Q_OBJECT
public:
    explicit AsyncioSource(QObject* parent = nullptr);
    ~AsyncioSource() override;

    /// Asks `python` where asyncio lives (asynchronously; gives up after `timeoutMs`), then loads it.
    /// Emits `located` either way.
    void locate(const QString& python = QStringLiteral("python3"), int timeoutMs = 5000);
    /// Loads base_events.py, tasks.py and futures.py from `directory`; false when any is missing.
    bool loadDirectory(const QString& directory);
    /// True while the interpreter is being asked.
    bool isLocating() const;
    /// True once the three files are loaded.
    bool isLoaded() const;
    /// The asyncio directory in use, or empty.
    QString directory() const;
    /// "CPython 3.11.7" when the interpreter told us, else empty.
    QString versionText() const;

    /// The function `name` in `fileName` ("base_events.py"), found by `def name(`; invalid if absent.
    FunctionSource function(const QString& fileName, const QString& name) const;
    /// The lines of `_run_once` that make up `phase`, found from each phase's first statement.
    LineRange phaseLines(LoopPhase phase) const;
    /// The lines of `Task.__step` that make up `branch`.
    LineRange stepBranchLines(StepBranch branch) const;
    /// Whole file text lines (1-based line i is element i-1); empty when not loaded.
    QStringList fileLines(const QString& fileName) const;

    /// The first statement of each phase in _run_once, searched in this order.
    static QStringList phaseAnchors();
    /// The statement that starts each branch of Task.__step.
    static QString stepBranchAnchor(StepBranch branch);

signals:
    /// Locating finished; `found` is false when no CPython asyncio could be read.
    void located(bool found);

private:
    QHash<QString, QStringList> m_files;
    QString m_directory;
    QString m_version;
    QPointer<QProcess> m_process;
};

/// The line range of the indented block that starts at (1-based) `line` of `lines`.
LineRange blockAt(const QStringList& lines, int line);

} // namespace loopscope

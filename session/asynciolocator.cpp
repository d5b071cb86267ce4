#include "asynciolocator.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

namespace loopscope {

std::optional<int> findDefinitionLine(const QStringList& lines, const QString& qualname)
{
    const QStringList parts = qualname.split(QStringLiteral(".<locals>."));
    int from = 0;
    int found = 0;
    for (qsizetype p = 0; p < parts.size(); ++p) {
        // The outermost def starts a line; nested ones are indented.
        const QRegularExpression def(QStringLiteral("^%1(async\\s+)?def\\s+%2\\s*\\(")
                                         .arg(p == 0 ? QString() : QStringLiteral("\\s+"),
                                             QRegularExpression::escape(parts[p])));
        found = 0;
        for (int i = from; i < lines.size(); ++i) {
            if (def.match(lines[i]).hasMatch()) {
                found = i + 1;
                break;
            }
        }
        if (!found) return std::nullopt;
        from = found;
    }
    return found;
}

namespace {

struct PythonAsyncio {
    QString python;
    bool asked = false;
    QString directory; // empty: no CPython asyncio found
    QHash<QString, QStringList> files;

    void ask()
    {
        asked = true;
        QProcess process;
        process.start(python, { QStringLiteral("-c"), QStringLiteral("import asyncio, os; print(os.path.dirname(asyncio.__file__))") });
        if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            process.kill();
            return;
        }
        directory = QString::fromUtf8(process.readAllStandardOutput()).trimmed();
    }

    const QStringList& lines(const QString& module)
    {
        auto it = files.find(module);
        if (it == files.end()) {
            QStringList text;
            QFile file(QDir(directory).filePath(module));
            if (file.open(QIODevice::ReadOnly)) text = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
            it = files.insert(module, text);
        }
        return *it;
    }
};

} // namespace

void installPythonAsyncioLocator(const QString& python)
{
    // The core calls the locator under its own lock: this state needs no other.
    auto state = std::make_shared<PythonAsyncio>();
    state->python = python;
    setAsyncioSourceLocator([state](std::string_view module, std::string_view qualname) -> std::optional<AsyncioSourceLine> {
        if (!state->asked) state->ask();
        if (state->directory.isEmpty()) return std::nullopt;
        const QString file = QString::fromUtf8(module.data(), qsizetype(module.size()));
        const std::optional<int> line
            = findDefinitionLine(state->lines(file), QString::fromUtf8(qualname.data(), qsizetype(qualname.size())));
        if (!line) return std::nullopt;
        return AsyncioSourceLine { QDir(state->directory).filePath(file).toStdString(), *line };
    });
}

} // namespace loopscope

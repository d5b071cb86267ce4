// Conformance: every tests/scenarios/NAME.py must trace exactly as its recorded NAME.trace,
// on Loopscope's VM (loopscope-cli trace) and on real CPython 3.11 (tools/cpython_trace.py).
#include <QtTest>
#include <QMap>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>

namespace {

// A scenario runs in well under a second; a minute means a hang, not a slow machine.
constexpr int kProcessTimeoutMs = 60000;

QString scenarioDir()
{
    return QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios");
}

QString cliPath()
{
    return QStringLiteral(LOOPSCOPE_BINARY_DIR "/bin/loopscope-cli");
}

QString tracerPath()
{
    return QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tools/cpython_trace.py");
}

/// What one child process did; `error` is empty when it ran to completion.
struct ProcessOutcome {
    QString error;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ProcessOutcome runProcess(const QString& program, const QStringList& arguments)
{
    ProcessOutcome outcome;
    QProcess process;
    process.setWorkingDirectory(scenarioDir());
    process.start(program, arguments);
    if (!process.waitForStarted(kProcessTimeoutMs)) {
        outcome.error = QStringLiteral("could not start %1: %2").arg(program, process.errorString());
        return outcome;
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(kProcessTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        outcome.error = QStringLiteral("%1 did not finish within %2 s and was killed")
                            .arg(program)
                            .arg(kProcessTimeoutMs / 1000);
        return outcome;
    }
    if (process.exitStatus() != QProcess::NormalExit) {
        outcome.error = QStringLiteral("%1 crashed").arg(program);
    }
    outcome.exitCode = process.exitCode();
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    return outcome;
}

QList<QByteArray> splitLines(const QByteArray& text)
{
    QList<QByteArray> lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast();  // the newline that ends the last line
    }
    return lines;
}

/// Empty when `actual` is byte for byte `expected`; otherwise where and how they first differ.
QString firstDifference(const QByteArray& expected, const QByteArray& actual)
{
    if (expected == actual) {
        return {};
    }
    const QList<QByteArray> want = splitLines(expected);
    const QList<QByteArray> got = splitLines(actual);
    const qsizetype common = std::min(want.size(), got.size());
    for (qsizetype i = 0; i < common; ++i) {
        if (want[i] != got[i]) {
            return QStringLiteral("first difference at line %1\n  expected: %2\n  actual:   %3")
                .arg(i + 1)
                .arg(QString::fromUtf8(want[i]), QString::fromUtf8(got[i]));
        }
    }
    if (want.size() > got.size()) {
        return QStringLiteral("output ends early at line %1 (of %2)\n  expected: %3\n  actual:   <end of output>")
            .arg(common + 1)
            .arg(want.size())
            .arg(QString::fromUtf8(want[common]));
    }
    if (got.size() > want.size()) {
        return QStringLiteral("output goes on after line %1\n  expected: <end of trace>\n  actual:   %2")
            .arg(common)
            .arg(QString::fromUtf8(got[common]));
    }
    return QStringLiteral("the lines agree but the final newline differs");
}

QString stderrExcerpt(const QByteArray& err)
{
    constexpr qsizetype kMaxChars = 600;
    const QString text = QString::fromUtf8(err).trimmed();
    if (text.isEmpty()) {
        return {};
    }
    return QStringLiteral("\n  stderr: ") + (text.size() > kMaxChars ? text.left(kMaxChars) + "..." : text);
}

QStringList scenarioNames()
{
    const QDir dir(scenarioDir());
    QStringList names;
    for (const QString& file : dir.entryList({QStringLiteral("*.py")}, QDir::Files, QDir::Name)) {
        names << QFileInfo(file).completeBaseName();
    }
    return names;
}

void addScenarioRows()
{
    QTest::addColumn<QString>("name");
    for (const QString& name : scenarioNames()) {
        QTest::newRow(qPrintable(name)) << name;
    }
}

QByteArray readRecordedTrace(const QString& name, QString* error)
{
    QFile file(scenarioDir() + '/' + name + QStringLiteral(".trace"));
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: no recorded trace %2 (%3)").arg(name, file.fileName(), file.errorString());
        return {};
    }
    return file.readAll();
}

} // namespace

class TestConformance : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void corpusIsComplete();
    void vmMatchesRecordedTrace_data();
    void vmMatchesRecordedTrace();
    void recordedTraceMatchesCPython_data();
    void recordedTraceMatchesCPython();

private:
    void compareWithRecorded(const QString& name, const QString& program, const QStringList& arguments);

    QString m_python;
    QString m_pythonSkipReason;
};

void TestConformance::initTestCase()
{
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (m_python.isEmpty()) {
        m_pythonSkipReason = QStringLiteral("python3 is not on PATH: the recorded traces cannot be re-checked");
        return;
    }
    const ProcessOutcome version = runProcess(m_python, {QStringLiteral("--version")});
    const QString text = QString::fromUtf8(version.out + version.err).trimmed();
    if (!version.error.isEmpty() || !QRegularExpression(QStringLiteral("^Python 3\\.11\\.\\d+")).match(text).hasMatch()) {
        m_pythonSkipReason = QStringLiteral("python3 is '%1', not CPython 3.11: the recorded traces are 3.11's").arg(text);
    }
}

void TestConformance::corpusIsComplete()
{
    const QStringList names = scenarioNames();
    QVERIFY2(!names.isEmpty(), qPrintable("no scenarios found in " + scenarioDir()));
    for (const QString& name : names) {
        QVERIFY2(QFileInfo::exists(scenarioDir() + '/' + name + QStringLiteral(".trace")),
                 qPrintable(name + QStringLiteral(".py has no recorded .trace beside it")));
    }
}

void TestConformance::compareWithRecorded(const QString& name, const QString& program, const QStringList& arguments)
{
    QString error;
    const QByteArray expected = readRecordedTrace(name, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const ProcessOutcome run = runProcess(program, arguments);
    QVERIFY2(run.error.isEmpty(), qPrintable(name + QStringLiteral(": ") + run.error + stderrExcerpt(run.err)));

    const QString difference = firstDifference(expected, run.out);
    if (!difference.isEmpty()) {
        QFAIL(qPrintable(QStringLiteral("%1: %2 (exit code %3)%4")
                             .arg(name, difference)
                             .arg(run.exitCode)
                             .arg(stderrExcerpt(run.err))));
    }
}

void TestConformance::vmMatchesRecordedTrace_data()
{
    addScenarioRows();
}

// Scenarios Loopscope does not reproduce yet, each with the missing piece. An entry that starts
// to pass fails the test (XPASS), so the list can only shrink.
const QMap<QString, QString>& knownGaps()
{
    static const QMap<QString, QString> gaps {
    };
    return gaps;
}

void TestConformance::vmMatchesRecordedTrace()
{
    QFETCH(QString, name);
    if (knownGaps().contains(name)) {
        QString error;
        const QByteArray expected = readRecordedTrace(name, &error);
        const ProcessOutcome run = runProcess(cliPath(), {QStringLiteral("trace"), scenarioDir() + '/' + name + QStringLiteral(".py")});
        QEXPECT_FAIL("", qPrintable(knownGaps().value(name)), Abort);
        QVERIFY(error.isEmpty() && run.error.isEmpty() && firstDifference(expected, run.out).isEmpty());
        return;
    }
    compareWithRecorded(name, cliPath(), {QStringLiteral("trace"), scenarioDir() + '/' + name + QStringLiteral(".py")});
}

void TestConformance::recordedTraceMatchesCPython_data()
{
    addScenarioRows();
}

void TestConformance::recordedTraceMatchesCPython()
{
    QFETCH(QString, name);
    if (!m_pythonSkipReason.isEmpty()) {
        QSKIP(qPrintable(m_pythonSkipReason));
    }
    compareWithRecorded(name, m_python, {tracerPath(), scenarioDir() + '/' + name + QStringLiteral(".py")});
}

QTEST_GUILESS_MAIN(TestConformance)
#include "tst_conformance.moc"

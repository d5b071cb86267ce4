// `loopscope-cli record` and `export`, end to end: every export kind gives a file its reader
// accepts with the right number of frames/pages/lanes, a missing ffmpeg and an unwritable
// target give a message naming the problem, and a failed export never harms the previous file.
#include "session.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <sys/resource.h>

using namespace loopscope;

namespace {

QString cli()
{
    return QStringLiteral(LOOPSCOPE_BINARY_DIR "/bin/loopscope-cli");
}

struct Result {
    int exitCode = -1;
    QString err;
};

// Runs the CLI; `fileSizeLimit` > 0 makes every write past that many bytes fail (as a full disk would).
Result runCli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
    rlim_t fileSizeLimit = 0)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (fileSizeLimit) {
        p.setChildProcessModifier([fileSizeLimit] {
            std::signal(SIGXFSZ, SIG_IGN); // a failed write, not a killed process
            rlimit limit { fileSizeLimit, fileSizeLimit };
            setrlimit(RLIMIT_FSIZE, &limit);
        });
    }
    p.start(cli(), args);
    if (!p.waitForFinished(300000)) return {};
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
        QString::fromLocal8Bit(p.readAllStandardError()) };
}

int probeFrames(const QString& path)
{
    QProcess p;
    p.start(QStringLiteral("ffprobe"),
        { "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of",
            "csv=p=0", path });
    if (!p.waitForFinished(120000) || p.exitCode() != 0) return -1;
    bool ok = false;
    const int n = QString::fromLatin1(p.readAllStandardOutput()).trimmed().toInt(&ok);
    return ok ? n : -1;
}

// Page objects (/Type /Page, not /Pages) in a PDF's bytes.
int pdfPages(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QByteArray bytes = f.readAll();
    if (!bytes.startsWith("%PDF-")) return -1;
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int n = 0;
    for (auto it = page.globalMatch(QString::fromLatin1(bytes)); it.hasNext(); it.next())
        ++n;
    return n;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Width and height from a PNG's IHDR chunk (this suite links QtCore only); (0, 0) when not a PNG.
QPair<int, int> pngSize(const QByteArray& png)
{
    if (!png.startsWith("\x89PNG\r\n\x1a\n") || png.size() < 24 || png.mid(12, 4) != "IHDR") return { 0, 0 };
    auto be32 = [&](int at) {
        return int(
            (uchar(png[at]) << 24) | (uchar(png[at + 1]) << 16) | (uchar(png[at + 2]) << 8) | uchar(png[at + 3]));
    };
    return { be32(16), be32(20) };
}

} // namespace

class TestCliExport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_run; // potatoes, recorded by the CLI
    QString m_marked; // the same with bookmarks and notes
    Session m_session;
    // A short range, small frames: the exports stay quick.
    const quint64 m_from = 40, m_to = 51;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(cli()), "build loopscope-cli first");
        m_run = m_dir.filePath(QStringLiteral("run.lsn"));
        const Result r = runCli(
            { "record", QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py"), "-o", m_run });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QString error;
        QVERIFY2(SessionFile::load(m_run, &m_session, &error), qPrintable(error));
        QVERIFY(m_session.log->size() > m_to);
        QVERIFY(m_session.log->finished());
        QVERIFY(m_session.source.contains(QStringLiteral("asyncio")));
        Session marked = m_session;
        marked.bookmarks = { { 42, QStringLiteral("the first sleep") }, { 47, QStringLiteral("a timer fires") },
            { 50, QStringLiteral("back to the ready deque") }, { 200, QStringLiteral("outside the range") } };
        marked.notes.insert(42, QStringLiteral("Task-2 parks on its sleep future"));
        m_marked = m_dir.filePath(QStringLiteral("marked.lsn"));
        QVERIFY2(SessionFile::save(marked, m_marked, &error), qPrintable(error));
    }

    void recordKeepsWatchValues()
    {
        const QString target = m_dir.filePath(QStringLiteral("watched.lsn"));
        const Result r = runCli({ "record", QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py"),
            "-o", target, "--watch", "len(all_potatos)", "--watch", "no_such_name" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        Session watched;
        QString error;
        QVERIFY2(SessionFile::load(target, &watched, &error), qPrintable(error));
        // Watching changes nothing in the run; it adds the values.
        QCOMPARE(watched.log->size(), m_session.log->size());
        QCOMPARE(watched.log->watches(), (std::vector<std::string> { "len(all_potatos)", "no_such_name" }));
        QCOMPARE(watched.settings.value(QStringLiteral("watches")).toArray().size(), 2);
        const std::vector<WatchSample> sizes = watched.log->watchSamples(0);
        QVERIFY(sizes.size() > 3); // the shelf is restocked: the length changes
        // Before the global exists the watch raises; then it counts Potato.make(2)'s two.
        QVERIFY(sizes[0].error);
        QCOMPARE(sizes[0].text, std::string("NameError: name 'all_potatos' is not defined"));
        QVERIFY(sizes[1].numeric);
        QCOMPARE(sizes[1].text, std::string("2"));
        QCOMPARE(sizes[1].number, 2.0);
        const std::vector<WatchSample> missing = watched.log->watchSamples(1);
        QCOMPARE(missing.size(), size_t(1)); // the same error throughout: one sample
        QVERIFY(missing.front().error);
        QCOMPARE(missing.front().text, std::string("NameError: name 'no_such_name' is not defined"));
    }

    void recordRefusesAnUnwritableTarget()
    {
        const QString target = m_dir.filePath(QStringLiteral("no/such/folder/run.lsn"));
        const Result r = runCli(
            { "record", QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py"), "-o", target });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(target), qPrintable(r.err));
        QVERIFY(!QFile::exists(target));
    }

    void mp4AnimatesEachStep()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("ffprobe")).isEmpty())
            QSKIP("ffprobe (package ffmpeg) is not installed");
        const QString out = m_dir.filePath(QStringLiteral("steps.mp4"));
        const Result r = runCli({ "export", m_run, "--mp4", out, "--from", QString::number(m_from), "--to",
            QString::number(m_to), "--size", "320x240", "--frames-per-step", "3" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(probeFrames(out), int(m_to - m_from + 1) * 3); // each step's transition, sampled 3 times
    }

    void gifHasOneFramePerStep()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("ffprobe")).isEmpty())
            QSKIP("ffprobe (package ffmpeg) is not installed");
        const QString out = m_dir.filePath(QStringLiteral("steps.gif"));
        const Result r = runCli({ "export", m_run, "--gif", out, "--from", QString::number(m_from), "--to",
            QString::number(m_to), "--size", "320x240", "--frames-per-step", "1", "--fps", "4" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(readAll(out).startsWith("GIF8"));
        QCOMPARE(probeFrames(out), int(m_to - m_from + 1));
    }

    void pngPerStep()
    {
        const QString dir = m_dir.filePath(QStringLiteral("frames"));
        const Result r
            = runCli({ "export", m_run, "--png-dir", dir, "--from", "10", "--to", "14", "--size", "320x240" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files,
            QStringList(
                { "step-000010.png", "step-000011.png", "step-000012.png", "step-000013.png", "step-000014.png" }));
        const QByteArray first = readAll(QDir(dir).filePath(files.first()));
        QCOMPARE(pngSize(first), qMakePair(320, 240));
        // Different steps draw different pictures (the views really follow the state).
        const QByteArray last = readAll(QDir(dir).filePath(files.last()));
        QCOMPARE(pngSize(last), qMakePair(320, 240));
        QVERIFY(first != last);
    }

    void pdfHasOnePagePerBookmarkInRange()
    {
        const QString out = m_dir.filePath(QStringLiteral("handout.pdf"));
        const Result r = runCli({ "export", m_marked, "--pdf", out, "--from", QString::number(m_from), "--to",
            QString::number(m_to), "--size", "640x400" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(pdfPages(out), 3); // bookmark 200 is outside the range
    }

    void pdfWithoutBookmarksHasOnePagePerIteration()
    {
        // A range from just before the 2nd iteration to just after the 4th: three pages.
        QList<quint64> starts;
        for (quint64 i = 0; i < m_session.log->size(); ++i)
            if (m_session.log->event(i).kind == RecordKind::Iteration) starts << i;
        QVERIFY(starts.size() >= 5);
        const quint64 from = starts[1] - 1, to = starts[3] + 1;
        const QString out = m_dir.filePath(QStringLiteral("iterations.pdf"));
        const Result r = runCli({ "export", m_run, "--pdf", out, "--from", QString::number(from), "--to",
            QString::number(to), "--size", "640x400" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(pdfPages(out), 3);
    }

    void chromeHasALanePerTask()
    {
        const QString out = m_dir.filePath(QStringLiteral("trace.json"));
        const Result r = runCli({ "export", m_run, "--chrome", out });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(readAll(out), &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QSet<QString> taskNames;
        for (size_t i = 0; i < m_session.log->size(); ++i) {
            const RecordedEvent e = m_session.log->event(i);
            if (e.kind == RecordKind::TaskCreated) taskNames << QString::fromStdString(m_session.log->task(e.a).name);
        }
        QVERIFY(taskNames.size() >= 2);
        QSet<int> tids;
        QSet<QString> lanes;
        for (const QJsonValue& v : doc.object()[QStringLiteral("traceEvents")].toArray()) {
            const QJsonObject o = v.toObject();
            if (o["name"].toString() != QLatin1String("thread_name")) continue;
            QVERIFY(!tids.contains(o["tid"].toInt())); // one lane each
            tids << o["tid"].toInt();
            lanes << o["args"].toObject()["name"].toString().section(' ', 0, 0);
        }
        for (const QString& name : taskNames)
            QVERIFY2(lanes.contains(name), qPrintable(name));
        QCOMPARE(tids.size(), taskNames.size() + 1); // plus the loop's lane
    }

    void missingFfmpegIsExplained()
    {
        QTemporaryDir emptyBin;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), emptyBin.path());
        const QString out = m_dir.filePath(QStringLiteral("noffmpeg.mp4"));
        const Result r = runCli({ "export", m_run, "--mp4", out, "--to", "3", "--size", "320x240" }, env);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("ffmpeg was not found")), qPrintable(r.err));
        QVERIFY2(r.err.contains(out), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    void missingFolderIsNamed()
    {
        const QString out = m_dir.filePath(QStringLiteral("missing/handout.pdf"));
        const Result r
            = runCli({ "export", m_run, "--pdf", out, "--chrome", out + ".json", "--to", "5", "--size", "320x240" });
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(out), qPrintable(r.err));
        QVERIFY2(r.err.contains(out + ".json"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    // A write that fails halfway (a file-size limit stands in for a full disk) leaves the previous
    // file as it was and no temporary file behind, for every kind.
    void failedWriteKeepsThePreviousFile_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("name");
        QTest::newRow("pdf") << "--pdf"
                             << "kept.pdf";
        QTest::newRow("chrome") << "--chrome"
                                << "kept.json";
        QTest::newRow("mp4") << "--mp4"
                             << "kept.mp4";
        QTest::newRow("gif") << "--gif"
                             << "kept.gif";
    }

    void failedWriteKeepsThePreviousFile()
    {
        QFETCH(QString, flag);
        QFETCH(QString, name);
        if ((flag == "--mp4" || flag == "--gif") && QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty())
            QSKIP("ffmpeg is not installed");
        QTemporaryDir dir;
        const QString out = dir.filePath(name);
        const QByteArray previous("the previous export, which must survive");
        {
            QFile f(out);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(previous);
        }
        const Result r = runCli({ "export", m_run, flag, out, "--from", "0", "--to", "60", "--size", "640x400" },
            QProcessEnvironment::systemEnvironment(), 1024);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(out), qPrintable(r.err));
        QCOMPARE(readAll(out), previous);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({ name }));
    }

    void badArgumentsAreRefused()
    {
        QCOMPARE(runCli({ "export", m_run }).exitCode, 2); // no output kind
        QCOMPARE(runCli({ "export", m_run, "--png-dir", m_dir.path(), "--from", "9", "--to", "3" }).exitCode, 2);
        const Result steps = runCli({ "export", m_run, "--mp4", m_dir.filePath("x.mp4"), "--frames-per-step", "0" });
        QCOMPARE(steps.exitCode, 2);
        QVERIFY2(steps.err.contains("--frames-per-step"), qPrintable(steps.err));
        QVERIFY(!QFile::exists(m_dir.filePath("x.mp4")));
        QCOMPARE(
            runCli({ "record", QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py") }).exitCode, 2);
        const Result r
            = runCli({ "export", m_dir.filePath(QStringLiteral("absent.lsn")), "--chrome", m_dir.filePath("x.json") });
        QVERIFY(r.exitCode != 0);
        QVERIFY(!r.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliExport)
#include "tst_cli_export.moc"

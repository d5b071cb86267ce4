// The loopscope executable: --version, --help, --screenshot, and a clear message without a display.

#include <QtTest>

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>

class TestMain : public QObject {
    Q_OBJECT

private:
    QString m_binary;

    QProcessEnvironment headless() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        return env;
    }

    int run(const QStringList& args, const QProcessEnvironment& env, QByteArray* out = nullptr, QByteArray* err = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(m_binary, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        if (out)
            *out = p.readAllStandardOutput();
        if (err)
            *err = p.readAllStandardError();
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    }

private slots:
    void initTestCase()
    {
        m_binary = QStringLiteral(LOOPSCOPE_BINARY_DIR "/bin/loopscope");
        if (!QFileInfo::exists(m_binary))
            QSKIP("build the loopscope target first");
    }

    void versionAndHelpNeedNoDisplay()
    {
        QByteArray out;
        QCOMPARE(run({ QStringLiteral("--version") }, headless(), &out), 0);
        QVERIFY(out.startsWith("loopscope "));
        QCOMPARE(run({ QStringLiteral("--help") }, headless(), &out), 0);
        QVERIFY(out.contains("--screenshot"));
        QVERIFY(out.contains("FILE.py"));
    }

    void noDisplayIsAClearError()
    {
        QByteArray err;
        QCOMPARE(run({}, headless(), nullptr, &err), 1);
        QVERIFY2(err.contains("no display found"), err.constData());
        QVERIFY(err.contains("QT_QPA_PLATFORM=offscreen"));
    }

    void screenshotWritesAPng()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        QByteArray err;
        QCOMPARE(run({ QStringLiteral("--screenshot"), png, QStringLiteral("--steps"), QStringLiteral("3"), QStringLiteral("--scenario"),
                         QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py") },
                     headless(), nullptr, &err),
            0);
        QVERIFY2(QFileInfo(png).size() > 0, err.constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1280, 800));
    }

    void badArgumentsFail()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = headless();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QCOMPARE(run({ QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png")), QStringLiteral("--steps"), QStringLiteral("many") }, env), 1);
        QCOMPARE(run({ QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("x.png")), QStringLiteral("/no/such/file.py") }, env), 1);
    }
};

QTEST_GUILESS_MAIN(TestMain)
#include "tst_main.moc"

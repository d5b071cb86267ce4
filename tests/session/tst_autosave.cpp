// Autosaver: writes the sidecar, skips saves that would change nothing, recovers, discards.

#include "autosave.h"
#include "syntheticrun.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace loopscope;

class TestAutosave : public QObject {
    Q_OBJECT

private slots:
    void savesRecoversAndDiscards()
    {
        QTemporaryDir dir;
        const QString document = dir.filePath("talk.lsn");
        Session live;
        live.scenarioPath = QStringLiteral("potatoes.py");
        live.log = std::make_shared<EventLog>();
        testing::SyntheticRun(*live.log, 5).run(500);
        Autosaver saver([&] { return live; }, document);
        QCOMPARE(saver.autosavePath(), document + ".autosave");
        QSignalSpy saved(&saver, &Autosaver::saved);
        QString error;
        QVERIFY2(saver.saveNow(&error), qPrintable(error));
        QCOMPARE(saved.count(), 1);
        QVERIFY2(saver.saveNow(&error), qPrintable(error));
        QCOMPARE(saved.count(), 1); // nothing changed: no write
        live.bookmarks.append({ 10, QStringLiteral("here") });
        QVERIFY2(saver.saveNow(&error), qPrintable(error));
        QCOMPARE(saved.count(), 2);

        QVERIFY(Autosaver::hasRecoverableAutosave(document));
        Session recovered;
        QVERIFY2(Autosaver::recover(document, &recovered, &error), qPrintable(error));
        QCOMPARE(recovered.log->size(), live.log->size());
        QCOMPARE(recovered.bookmarks, live.bookmarks);

        saver.discard();
        QVERIFY(!Autosaver::hasRecoverableAutosave(document));
    }

    void timerSavesWhileRecording()
    {
        QTemporaryDir dir;
        Session live;
        live.log = std::make_shared<EventLog>();
        Autosaver saver([&] { return live; }, dir.filePath("rec.lsn"));
        saver.setInterval(20);
        QSignalSpy saved(&saver, &Autosaver::saved);
        saver.start();
        QVERIFY(saved.wait(5000));
        live.log->loopStarted(1);
        QVERIFY(saved.wait(5000));
        saver.stop();
        Session recovered;
        QString error;
        QVERIFY2(Autosaver::recover(dir.filePath("rec.lsn"), &recovered, &error), qPrintable(error));
        QCOMPARE(recovered.log->size(), size_t(1));
    }

    void failureIsReported()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        Session live;
        live.log = std::make_shared<EventLog>();
        Autosaver saver([&] { return live; }, dir.filePath("file/talk.lsn"));
        QSignalSpy failed(&saver, &Autosaver::failed);
        QString error;
        QVERIFY(!saver.saveNow(&error));
        QCOMPARE(failed.count(), 1);
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAutosave)
#include "tst_autosave.moc"

// ChromeExport: the JSON parses, names one lane per task plus the loop's, and holds only the
// events of the requested range, in order.

#include "chromeexport.h"
#include "syntheticrun.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace loopscope;

class TestChromeExport : public QObject {
    Q_OBJECT

    static Session session()
    {
        Session s;
        s.scenarioPath = QStringLiteral("/lectures/potatoes.py");
        s.log = std::make_shared<EventLog>();
        testing::SyntheticRun(*s.log, 99).run(3000);
        return s;
    }

private slots:
    void rangeLanesAndOrder()
    {
        Session s = session();
        const quint64 from = 700, to = 1900;
        QByteArray bytes = ChromeExport::toJson(s, from, to).toJson();
        QJsonParseError parseError;
        QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonArray events = doc.object()["traceEvents"].toArray();
        QVERIFY(!events.isEmpty());

        // Tasks born by the end of the range, from the log itself.
        std::set<int> expectedLanes { ChromeExport::kLoopLane };
        for (quint64 i = 0; i <= to; ++i) {
            RecordedEvent e = s.log->event(i);
            if (e.kind == RecordKind::TaskCreated) expectedLanes.insert(ChromeExport::kFirstTaskLane + int(e.a) - 1);
        }
        std::set<int> named;
        QString process;
        double minTs = 1e300, maxEnd = -1;
        int slices = 0, steps = 0, phases = 0, instants = 0;
        for (const QJsonValue& v : events) {
            QJsonObject o = v.toObject();
            const QString ph = o["ph"].toString();
            if (ph == "M") {
                if (o["name"] == "thread_name") {
                    QVERIFY2(named.insert(o["tid"].toInt()).second, "a lane is named twice");
                }
                if (o["name"] == "process_name") process = o["args"].toObject()["name"].toString();
                continue;
            }
            QVERIFY2(ph == "X" || ph == "i", qPrintable(ph));
            QVERIFY(expectedLanes.count(o["tid"].toInt()));
            const quint64 index = o["args"].toObject()["event"].toString().toULongLong();
            QVERIFY2(index >= from && index <= to, qPrintable(QString::number(index)));
            const double ts = o["ts"].toDouble();
            const double end = ts + o["dur"].toDouble();
            QVERIFY(o["dur"].toDouble() >= 0);
            minTs = std::min(minTs, ts);
            maxEnd = std::max(maxEnd, end);
            slices += ph == "X";
            instants += ph == "i";
            steps += o["name"] == "__step";
            phases += o["cat"] == "phase";
        }
        QCOMPARE(named, expectedLanes);
        QCOMPARE(process, QStringLiteral("Loopscope: potatoes.py"));
        QVERIFY(steps > 0 && phases > 0 && instants > 0 && slices > steps);
        // Virtual µs, spread by at least 1 µs per event: the range spans at least its event count.
        const double startTs = s.log->event(from).clock * 1e6;
        QCOMPARE(minTs, startTs);
        QVERIFY(maxEnd >= startTs + double(to - from));
        QVERIFY(maxEnd <= std::max(s.log->event(to).clock * 1e6, startTs) + double(to - from) + 1.0);
    }

    void instantsAreOrderedLikeTheLog()
    {
        Session s = session();
        const QJsonArray events = ChromeExport::toJson(s, 0, s.log->size() - 1).object()["traceEvents"].toArray();
        double lastTs = -1;
        quint64 lastIndex = 0;
        for (const QJsonValue& v : events) {
            QJsonObject o = v.toObject();
            if (o["ph"] != "i") continue;
            const quint64 index = o["args"].toObject()["event"].toString().toULongLong();
            const double ts = o["ts"].toDouble();
            if (lastTs >= 0 && index > lastIndex) QVERIFY2(ts > lastTs, "later events must have later timestamps");
            lastTs = ts;
            lastIndex = index;
        }
    }

    void writesAndHandlesEmpty()
    {
        Session empty;
        empty.log = std::make_shared<EventLog>();
        QCOMPARE(ChromeExport::toJson(empty, 0, 10).object()["traceEvents"].toArray().size(), 0);
        QTemporaryDir dir;
        QString error;
        QVERIFY2(ChromeExport::write(session(), 0, 100, dir.filePath("run.json"), &error), qPrintable(error));
        QFile f(dir.filePath("run.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(f.readAll()).isObject());
        QVERIFY(!ChromeExport::write(session(), 0, 100, dir.filePath("missing/run.json"), &error));
    }
};

QTEST_GUILESS_MAIN(TestChromeExport)
#include "tst_chromeexport.moc"

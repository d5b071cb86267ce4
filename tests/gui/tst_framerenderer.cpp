// FrameRenderer: a session's steps drawn offscreen for export. A still is the same image however
// it is reached; an animated step samples the loop view's transition, so a due timer is seen
// travelling into the ready deque and the step's last frame is the still.

#include "export/framerenderer.h"
#include "export/sessionexport.h"
#include "gui/sessionfixtures.h"
#include "sessionui/recordcontroller.h"

#include <QtTest>

using namespace loopscope;
using namespace loopscope::test;

class TestFrameRenderer : public QObject {
    Q_OBJECT
    Session m_session;
    static constexpr QSize kSize { 1280, 720 }; // the export default

    quint64 firstEvent(RecordKind kind) const
    {
        for (size_t i = 1; i < m_session.log->size(); ++i)
            if (m_session.log->event(i).kind == kind) return i;
        return 0;
    }

    // Pixels whose colour differs clearly (more than anti-aliasing noise in a channel).
    static qint64 changedPixels(const QImage& a, const QImage& b)
    {
        if (a.size() != b.size()) return a.width() * qint64(a.height());
        qint64 n = 0;
        for (int y = 0; y < a.height(); ++y)
            for (int x = 0; x < a.width(); ++x) {
                const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
                if (std::abs(qRed(p) - qRed(q)) > 96 || std::abs(qGreen(p) - qGreen(q)) > 96
                    || std::abs(qBlue(p) - qBlue(q)) > 96)
                    ++n;
            }
        return n;
    }
    static constexpr qint64 kNoise = 200;

private slots:
    void initTestCase()
    {
        const QString path = dataPath(QStringLiteral("wait_first.py"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_session.scenarioPath = path;
        m_session.source = QString::fromUtf8(f.readAll());
        m_session.log = RecordController::recordRun(path, m_session.source);
        QVERIFY(m_session.log->size() > 30);
    }

    void stillsDoNotDependOnTheWayThere()
    {
        FrameRenderer a(m_session, kSize), b(m_session, kSize);
        const quint64 at = m_session.log->size() / 2;
        const QImage direct = a.render(at);
        QCOMPARE(direct.size(), kSize);
        b.render(0);
        b.render(at + 3);
        QCOMPARE(b.render(at), direct);
    }

    void aDueTimerIsSeenMoving()
    {
        const quint64 due = firstEvent(RecordKind::Due);
        QVERIFY(due > 0);
        FrameRenderer renderer(m_session, kSize);
        const QList<QImage> frames = renderer.renderTransition(due, 4);
        QCOMPARE(frames.size(), 4);
        FrameRenderer stills(m_session, kSize);
        const QImage before = stills.render(due - 1), after = stills.render(due);
        // The last frame is the still, up to anti-aliasing: cards cache their pixels and a card
        // that travelled through fractional positions is drawn a subpixel differently.
        qInfo("changed pixels: last/still %lld, half-way/before %lld, half-way/still %lld, first/third %lld",
            changedPixels(frames.last(), after), changedPixels(frames[1], before), changedPixels(frames[1], after),
            changedPixels(frames[0], frames[2]));
        QVERIFY(changedPixels(frames.last(), after) < kNoise);
        // Half way the card is on its way: neither where it was nor where it lands.
        QVERIFY(changedPixels(frames[1], before) > 4 * kNoise);
        QVERIFY(changedPixels(frames[1], after) > 4 * kNoise);
        QVERIFY(changedPixels(frames[0], frames[2]) > 4 * kNoise);
    }

    void oneFramePerStepIsTheStill()
    {
        FrameRenderer renderer(m_session, kSize);
        const quint64 due = firstEvent(RecordKind::Due);
        const QList<QImage> frames = renderer.renderTransition(due, 1);
        QCOMPARE(frames.size(), 1);
        FrameRenderer stills(m_session, kSize);
        QCOMPARE(frames.first(), stills.render(due));
    }

    void videoFramesAreStepsTimesFramesPerStep()
    {
        ExportOptions options;
        options.from = 5;
        options.to = 14;
        options.framesPerStep = 6;
        SessionExport exporter(m_session, options);
        QCOMPARE(exporter.frameCount(), quint64(10));
        QCOMPARE(exporter.videoFrameCount(), quint64(60));
        options.framesPerStep = 1;
        QCOMPARE(SessionExport(m_session, options).videoFrameCount(), quint64(10));
    }
};

QTEST_MAIN(TestFrameRenderer)
#include "tst_framerenderer.moc"

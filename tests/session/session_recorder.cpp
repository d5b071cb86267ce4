// Test helper for tst_autosave_crash: records a real Engine run the way the app does (the engine
// on a worker thread, the event log growing, an Autosaver on the event loop) while a lecturer
// adds a note to the newest event every few milliseconds. It reports each note and each
// completed autosave on stdout, so the test can kill it with SIGKILL at a known point.
//
//   session_recorder SCENARIO.py DOCUMENT.lsn [autosave-ms] [note-ms] [pace-us]
//
// stdout, one line each, flushed: "note K EVENT", "saved NOTES EVENTS", "finished", "error MSG".

#include "autosave.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <loopscope/engine.h>
#include <thread>

using namespace loopscope;

namespace {

// Paces the run so that recording lasts seconds, as when the GUI waits on a long scenario.
class Pacer final : public Observer {
public:
    explicit Pacer(int microseconds)
        : m_us(microseconds)
    {
    }
    std::string observerName() const override { return "pacer"; }
    void beforeIteration(const IterationEvent&) override
    {
        std::this_thread::sleep_for(std::chrono::microseconds(m_us));
    }

private:
    int m_us;
};

void say(const QByteArray& line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 3) {
        say("error usage: session_recorder SCENARIO.py DOCUMENT.lsn [autosave-ms] [note-ms] [pace-us]");
        return 2;
    }
    const int autosaveMs = args.value(3, "100").toInt();
    const int noteMs = args.value(4, "10").toInt();
    const int paceUs = args.value(5, "3000").toInt();
    QFile f(args[1]);
    if (!f.open(QIODevice::ReadOnly)) {
        say("error cannot read " + args[1].toUtf8());
        return 2;
    }

    Session live;
    live.scenarioPath = args[1];
    live.source = QString::fromUtf8(f.readAll());
    live.log = std::make_shared<EventLog>();

    std::atomic<bool> done = false;
    std::thread worker([&] {
        Engine engine;
        Pacer pacer(paceUs);
        engine.attach(live.log.get());
        engine.attach(&pacer);
        RunResult r = engine.run(live.source.toStdString(), QFileInfo(args[1]).fileName().toStdString());
        live.log->finish(r.status == RunResult::Status::Completed ? "completed" : "error " + r.errorType);
        done = true;
    });

    int lastSavedNotes = 0;
    Autosaver saver(
        [&] {
            lastSavedNotes = int(live.notes.size());
            return live;
        },
        args[2]);
    saver.setInterval(autosaveMs);
    QObject::connect(&saver, &Autosaver::saved, [&] {
        say("saved " + QByteArray::number(lastSavedNotes) + ' ' + QByteArray::number(qulonglong(live.log->size())));
    });
    QObject::connect(&saver, &Autosaver::failed, [&](const QString& message) { say("error " + message.toUtf8()); });

    int added = 0;
    quint64 lastIndex = 0;
    QTimer notes;
    notes.setInterval(noteMs);
    QObject::connect(&notes, &QTimer::timeout, [&] {
        const size_t size = live.log->size();
        // One note per event: annotate the newest event only once the log has grown past the last.
        if (size == 0 || (added > 0 && size - 1 <= lastIndex)) {
            if (done) {
                saver.saveNow();
                say("finished");
                app.quit();
            }
            return;
        }
        lastIndex = size - 1;
        live.notes.insert(lastIndex, QStringLiteral("note %1").arg(++added)); // the log is shared, notes are not
        say("note " + QByteArray::number(added) + ' ' + QByteArray::number(lastIndex));
    });
    notes.start();
    saver.start();
    const int rc = app.exec();
    worker.join();
    return rc;
}

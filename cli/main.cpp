// loopscope-cli: the headless face of Loopscope. `trace` and `run` use nothing but the core;
// `record` writes a session file, `export` renders one with the GUI's views, offscreen.
#include <loopscope/debug/eventlog.h>
#include <loopscope/engine.h>

#include "asynciolocator.h"
#include "chromeexport.h"
#include "session.h"
#ifdef LOOPSCOPE_HAVE_GUI
#include "export/sessionexport.h"
#include <QApplication>
#endif

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>

namespace {

/// `run`: the program's stdout to ours (asyncio's log messages come through the engine's stderr sink).
class ConsoleObserver final : public loopscope::Observer {
public:
    void output(std::string_view text) override
    {
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
};

/// The first argument that is not an option: the command (the app type depends on it).
QString commandOf(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (argv[i][0] != '-') return QString::fromLocal8Bit(argv[i]);
    return {};
}

bool parseIndex(const QCommandLineParser& parser, const QCommandLineOption& option, quint64* out)
{
    if (!parser.isSet(option)) return true;
    bool ok = false;
    *out = parser.value(option).toULongLong(&ok);
    if (!ok)
        std::fprintf(stderr, "loopscope-cli: --%s needs an event index\n", qPrintable(option.names().constFirst()));
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    std::unique_ptr<QCoreApplication> application;
#ifdef LOOPSCOPE_HAVE_GUI
    if (commandOf(argc, argv) == QLatin1String("export")) {
        // Frames are rendered offscreen, display or not, so an export looks the same everywhere.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!application) application = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication& app = *application;
    QCoreApplication::setApplicationName("loopscope-cli");
    QCoreApplication::setApplicationVersion(LOOPSCOPE_VERSION);
    // Reprs of asyncio's own callbacks name the installed CPython's files, as python3 would.
    loopscope::installPythonAsyncioLocator();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Run Python asyncio scenarios on Loopscope's model of CPython's event loop.\n\n"
        "Commands:\n"
        "  run FILE.py      run the program, print its output\n"
        "  trace FILE.py    print the canonical trace (TRACE.md)\n"
        "  dis FILE.py      print the bytecode\n"
        "  record FILE.py -o RUN.lsn [--watch EXPR ...]\n"
        "                   run the program and save the run as a session\n"
        "  export RUN.lsn --mp4 F | --gif F | --png-dir D | --pdf F | --chrome F [--from N] [--to N]\n"
        "                   [--fps N] [--frames-per-step N] [--size WxH]\n"
        "                   render a session's steps (event indices N) to files");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption maxIterations("max-iterations", "end the run after N _run_once calls (default 100000)", "N", "100000");
    parser.addOption(maxIterations);
    QCommandLineOption instructionBudget("instruction-budget",
        "VM instructions allowed without the loop getting control back (default 50000000; 0: unlimited)", "N",
        "50000000");
    parser.addOption(instructionBudget);
    QCommandLineOption output({ "o", "output" }, "record: the session file to write", "RUN.lsn");
    QCommandLineOption watch("watch", "record: evaluate EXPR at each line and _run_once and keep its values (repeatable)", "EXPR");
    QCommandLineOption mp4("mp4", "export: an H.264 video, one frame per event (needs ffmpeg)", "FILE");
    QCommandLineOption gif("gif", "export: an animated GIF, one frame per event (needs ffmpeg)", "FILE");
    QCommandLineOption pngDir("png-dir", "export: one PNG per event, DIR/step-NNNNNN.png", "DIR");
    QCommandLineOption pdf("pdf", "export: a handout, one page per bookmark (or per loop iteration)", "FILE");
    QCommandLineOption chrome("chrome", "export: a Chrome/Perfetto trace (JSON)", "FILE");
    QCommandLineOption from("from", "export: first event index (default 0)", "N");
    QCommandLineOption to("to", "export: last event index, inclusive (default the last)", "N");
    QCommandLineOption size("size", "export: frame size (default 1280x720)", "WxH", "1280x720");
    QCommandLineOption fps("fps", "export: video frames per second (default 24)", "N", "24");
    QCommandLineOption framesPerStep("frames-per-step",
        "export: video frames per event, animating the loop view into each step (default 6; 1: stills)", "N", "6");
    parser.addOptions({ output, watch, mp4, gif, pngDir, pdf, chrome, from, to, size, fps, framesPerStep });
    parser.addPositionalArgument("command", "run | trace | dis | record | export");
    parser.addPositionalArgument("file", "the scenario (.py), or the session (.lsn) for export");
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        std::fprintf(stderr, "loopscope-cli: missing command (try --help)\n");
        return 2;
    }
    const QString command = args.first();
    if (command != "run" && command != "trace" && command != "dis" && command != "record" && command != "export") {
        std::fprintf(stderr, "loopscope-cli: unknown command '%s' (try --help)\n", qPrintable(command));
        return 2;
    }
    if (args.size() < 2) {
        std::fprintf(stderr, "loopscope-cli: missing file (try --help)\n");
        return 2;
    }
    if (command == "export") {
        loopscope::Session session;
        QString error;
        if (!loopscope::SessionFile::open(args.at(1), &session, &error)) {
            std::fprintf(stderr, "loopscope-cli: %s\n", qPrintable(error));
            return 1;
        }
        if (!parser.isSet(mp4) && !parser.isSet(gif) && !parser.isSet(pngDir) && !parser.isSet(pdf)
            && !parser.isSet(chrome)) {
            std::fprintf(
                stderr, "loopscope-cli: export needs at least one of --mp4, --gif, --png-dir, --pdf, --chrome\n");
            return 2;
        }
        quint64 first = 0, last = std::numeric_limits<quint64>::max();
        if (!parseIndex(parser, from, &first) || !parseIndex(parser, to, &last)) return 2;
        if (first > last) {
            std::fprintf(stderr, "loopscope-cli: --from is after --to\n");
            return 2;
        }
        int failures = 0;
        auto report = [&](bool ok, const QString& path) {
            if (ok) {
                std::fprintf(stderr, "wrote %s\n", qPrintable(path));
            } else {
                std::fprintf(stderr, "loopscope-cli: %s\n", qPrintable(error));
                ++failures;
            }
        };
        if (parser.isSet(chrome))
            report(loopscope::ChromeExport::write(session, first, last, parser.value(chrome), &error),
                parser.value(chrome));
        if (parser.isSet(mp4) || parser.isSet(gif) || parser.isSet(pngDir) || parser.isSet(pdf)) {
#ifdef LOOPSCOPE_HAVE_GUI
            loopscope::ExportOptions options;
            options.from = first;
            options.to = last;
            const QStringList wh = parser.value(size).split('x');
            bool okW = false, okH = false, okFps = false, okSteps = false;
            if (wh.size() == 2) options.size = QSize(wh[0].toInt(&okW), wh[1].toInt(&okH));
            options.fps = parser.value(fps).toInt(&okFps);
            options.framesPerStep = parser.value(framesPerStep).toInt(&okSteps);
            if (!okW || !okH || options.size.width() < 64 || options.size.height() < 64 || options.size.width() > 7680
                || options.size.height() > 4320) {
                std::fprintf(stderr, "loopscope-cli: --size needs WxH between 64x64 and 7680x4320\n");
                return 2;
            }
            if (!okFps || options.fps < 1 || options.fps > 120) {
                std::fprintf(stderr, "loopscope-cli: --fps needs a number from 1 to 120\n");
                return 2;
            }
            if (!okSteps || options.framesPerStep < 1 || options.framesPerStep > 60) {
                std::fprintf(stderr, "loopscope-cli: --frames-per-step needs a number from 1 to 60\n");
                return 2;
            }
            const loopscope::SessionExport exporter(session, options);
            using Video = loopscope::SessionExport::Video;
            if (parser.isSet(pngDir)) report(exporter.writePngs(parser.value(pngDir), &error), parser.value(pngDir));
            if (parser.isSet(pdf)) report(exporter.writePdf(parser.value(pdf), &error), parser.value(pdf));
            if (parser.isSet(mp4))
                report(exporter.writeVideo(parser.value(mp4), Video::Mp4, &error), parser.value(mp4));
            if (parser.isSet(gif))
                report(exporter.writeVideo(parser.value(gif), Video::Gif, &error), parser.value(gif));
#else
            std::fprintf(stderr,
                "loopscope-cli: this build has no GUI (LOOPSCOPE_BUILD_GUI=OFF): only --chrome can be exported\n");
            return 2;
#endif
        }
        return failures ? 1 : 0;
    }

    QFile file(args.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "loopscope-cli: cannot open %s\n", qPrintable(args.at(1)));
        return 2;
    }
    const QByteArray bytes = file.readAll();
    const std::string source(bytes.constData(), size_t(bytes.size()));
    // CPython names the script by the working directory joined to the path as given, not cleaned
    // ("./x.py" shows as "/cwd/./x.py" in tracebacks, reprs and __file__); sys.argv keeps it as given.
    const QString& given = args.at(1);
    const std::string filename
        = (QDir::isAbsolutePath(given) ? given : QDir::currentPath() + QLatin1Char('/') + given).toStdString();

    if (command == "dis") {
        const std::string text = loopscope::Engine::disassemble(source, filename);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }

    loopscope::EngineOptions options;
    bool ok = false;
    options.maxIterations = parser.value(maxIterations).toULongLong(&ok);
    if (!ok) {
        std::fprintf(stderr, "loopscope-cli: --max-iterations needs a number\n");
        return 2;
    }
    options.instructionBudget = parser.value(instructionBudget).toULongLong(&ok);
    if (!ok) {
        std::fprintf(stderr, "loopscope-cli: --instruction-budget needs a number\n");
        return 2;
    }
    options.argv.push_back(args.at(1).toStdString());
    for (qsizetype i = 2; i < args.size(); ++i) options.argv.push_back(args.at(i).toStdString());
    options.captureLocals = command == "record"; // sessions show each line's locals
    loopscope::Engine engine(options);
    engine.setStderrSink([](std::string_view text) {
        std::fflush(stdout);
        std::fwrite(text.data(), 1, text.size(), stderr);
    });

    if (command == "trace") {
        engine.setTraceSink([](std::string_view line) {
            std::fwrite(line.data(), 1, line.size(), stdout);
            std::fputc('\n', stdout);
        });
        const loopscope::RunResult r = engine.run(source, filename);
        std::fflush(stdout);
        if (!r.traceback.empty()) std::fputs(r.traceback.c_str(), stderr);
        if (r.status == loopscope::RunResult::Status::InternalError || r.status == loopscope::RunResult::Status::Blocked)
            std::fprintf(stderr, "loopscope-cli: %s\n", r.message.c_str());
        return r.status == loopscope::RunResult::Status::InternalError ? 70 : 0;
    }

    if (command == "record") {
        if (!parser.isSet(output)) {
            std::fprintf(stderr, "loopscope-cli: record needs -o RUN.lsn\n");
            return 2;
        }
        auto log = std::make_shared<loopscope::EventLog>();
        engine.attach(log.get());
        engine.setLocalsSink(*log);
        std::vector<std::string> watchList;
        for (const QString& w : parser.values(watch)) watchList.push_back(w.toStdString());
        if (!watchList.empty()) engine.setWatches(watchList, *log);
        const loopscope::RunResult r = engine.run(source, filename);
        log->finish(r.finishReason());
        loopscope::Session session;
        session.scenarioPath = QString::fromStdString(filename);
        session.source = QString::fromUtf8(bytes);
        session.settings = QJsonObject { { "maxIterations", QString::number(options.maxIterations) },
            { "instructionBudget", QString::number(options.instructionBudget) },
            { "watches", QJsonArray::fromStringList(parser.values(watch)) } };
        session.log = log;
        QString error;
        if (!loopscope::SessionFile::save(session, parser.value(output), &error)) {
            std::fprintf(stderr, "loopscope-cli: %s\n", qPrintable(error));
            return 1;
        }
        std::fprintf(stderr, "recorded %zu events (%s) to %s\n", log->size(), log->finishReason().c_str(),
            qPrintable(parser.value(output)));
        return r.status == loopscope::RunResult::Status::InternalError ? 70 : 0;
    }

    ConsoleObserver console;
    engine.attach(&console);
    const loopscope::RunResult r = engine.run(source, filename);
    std::fflush(stdout);
    switch (r.status) {
    case loopscope::RunResult::Status::Completed:
        if (!r.message.empty()) std::fprintf(stderr, "%s\n", r.message.c_str());
        return r.exitCode;
    case loopscope::RunResult::Status::SyntaxError:
    case loopscope::RunResult::Status::UncaughtException:
        std::fputs(r.traceback.c_str(), stderr);
        return 1;
    default:
        std::fprintf(stderr, "loopscope-cli: %s: %s\n", r.errorType.empty() ? "deadlock" : r.errorType.c_str(), r.message.c_str());
        return 1;
    }
}

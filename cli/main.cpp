// loopscope-cli: the headless face of Loopscope. `trace` and `run` use nothing but the core.
#include <loopscope/engine.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <string>

namespace {

/// `run`: the program's stdout to ours, asyncio's log messages to stderr.
class ConsoleObserver final : public loopscope::Observer {
public:
    void output(std::string_view text) override
    {
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    void callbackError(const loopscope::ErrorEvent& e) override
    {
        std::fflush(stdout);
        std::fprintf(stderr, "%s\n%s: %s\n", e.context.c_str(), e.type.c_str(), e.message.c_str());
    }
    void exceptionNeverRetrieved(const loopscope::ErrorEvent& e) override
    {
        std::fflush(stdout);
        std::fprintf(stderr, "%s\n%s: %s\n", e.context.c_str(), e.type.c_str(), e.message.c_str());
    }
};

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("loopscope-cli");
    QCoreApplication::setApplicationVersion(LOOPSCOPE_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Run Python asyncio scenarios on Loopscope's model of CPython's event loop.\n\n"
                                     "Commands:\n"
                                     "  run FILE.py      run the program, print its output\n"
                                     "  trace FILE.py    print the canonical trace (TRACE.md)\n"
                                     "  dis FILE.py      print the bytecode");
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption maxIterations("max-iterations", "end the run after N _run_once calls (default 100000)", "N", "100000");
    parser.addOption(maxIterations);
    parser.addPositionalArgument("command", "run | trace | dis");
    parser.addPositionalArgument("file", "the scenario (.py)");
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        std::fprintf(stderr, "loopscope-cli: missing command (try --help)\n");
        return 2;
    }
    const QString command = args.first();
    if (command != "run" && command != "trace" && command != "dis") {
        std::fprintf(stderr, "loopscope-cli: unknown command '%s' (try --help)\n", qPrintable(command));
        return 2;
    }
    if (args.size() < 2) {
        std::fprintf(stderr, "loopscope-cli: missing file (try --help)\n");
        return 2;
    }
    QFile file(args.at(1));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "loopscope-cli: cannot open %s\n", qPrintable(args.at(1)));
        return 2;
    }
    const QByteArray bytes = file.readAll();
    const std::string source(bytes.constData(), size_t(bytes.size()));
    // CPython shows the script's absolute path in tracebacks (and __file__); sys.argv keeps it as given.
    const std::string filename = QFileInfo(args.at(1)).absoluteFilePath().toStdString();

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
    options.argv.push_back(args.at(1).toStdString());
    for (qsizetype i = 2; i < args.size(); ++i) options.argv.push_back(args.at(i).toStdString());
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

// loopscope-cli: the headless face of Loopscope. `trace` and `run` use nothing but the core.
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("loopscope-cli");
    QCoreApplication::setApplicationVersion(LOOPSCOPE_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Run Python asyncio scenarios on Loopscope's model of CPython's event loop.\n\n"
                                     "Commands:\n"
                                     "  run FILE.py      run the program, print its output\n"
                                     "  trace FILE.py    print the canonical trace (TRACE.md)");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("command", "run | trace");
    parser.addPositionalArgument("file", "the scenario (.py)");
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        std::fprintf(stderr, "loopscope-cli: missing command (try --help)\n");
        return 2;
    }
    std::fprintf(stderr, "loopscope-cli: unknown command '%s' (try --help)\n", qPrintable(args.first()));
    return 2;
}

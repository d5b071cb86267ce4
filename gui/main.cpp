// loopscope: the visual debugger's entry point.

#include "asynciolocator.h"
#include "asynciosource.h"
#include "chartspanel.h"
#include "debugsession.h"
#include "internalspanel.h"
#include "loopview.h"
#include "enginetimeline.h"
#include "mainwindow.h"
#include "sessionui/compareview.h"
#include "sessionui/sessionui.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QDockWidget>
#include <QTabWidget>
#include <QEventLoop>
#include <QTimer>
#include <QFileInfo>
#include <QImage>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifndef LOOPSCOPE_VERSION
#define LOOPSCOPE_VERSION "0.0.0"
#endif

namespace {

bool hasArgument(int argc, char** argv, std::initializer_list<const char*> names)
{
    for (int i = 1; i < argc; ++i) {
        for (const char* name : names) {
            if (std::strcmp(argv[i], name) == 0 || (std::strncmp(argv[i], name, std::strlen(name)) == 0 && argv[i][std::strlen(name)] == '='))
                return true;
        }
    }
    return false;
}

bool envSet(const char* name)
{
    const char* value = std::getenv(name);
    return value && *value;
}

void describe(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral("Single-step CPython's asyncio event loop on a Python scenario."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE.py"), QStringLiteral("The scenario to open."), QStringLiteral("[FILE.py]"));
    parser.addOption({ QStringLiteral("screenshot"), QStringLiteral("Render the window to FILE.png after --steps steps and exit."),
        QStringLiteral("FILE.png") });
    parser.addOption({ QStringLiteral("steps"), QStringLiteral("Events to step before the screenshot (default 0)."), QStringLiteral("N"),
        QStringLiteral("0") });
    parser.addOption({ QStringLiteral("scenario"), QStringLiteral("The scenario to open (same as FILE.py)."), QStringLiteral("FILE.py") });
    parser.addOption({ QStringLiteral("present"), QStringLiteral("Start in presentation mode (full screen, clicker keys).") });
    parser.addOption({ QStringLiteral("compare"),
        QStringLiteral("Compare two runs side by side: --compare A B (sessions, traces or scenarios)."), QStringLiteral("A") });
    parser.addOption({ QStringLiteral("first-difference"), QStringLiteral("With --compare and --screenshot: show the first difference.") });
    parser.addOption({ QStringLiteral("size"), QStringLiteral("Window size for the screenshot (default 1280x800)."), QStringLiteral("WxH"),
        QStringLiteral("1280x800") });
    parser.addOption({ QStringLiteral("show"),
        QStringLiteral("Docks to bring to the front for the screenshot, comma-separated: locals, charts, events, "
                       "watches (the charts' watch tab), lanes (the task-lane tab)."),
        QStringLiteral("NAMES") });
    parser.addOption({ QStringLiteral("watch"), QStringLiteral("A watch expression to evaluate (repeatable)."), QStringLiteral("EXPR") });
    parser.addOption({ QStringLiteral("list-events"),
        QStringLiteral("Print the run's events (index, time, kind, description) and exit: the numbers --steps counts.") });
}

} // namespace

int main(int argc, char** argv)
{
    const bool infoOnly = hasArgument(argc, argv, { "--help", "-h", "-?", "--help-all", "--version", "-v" });
    const bool screenshot = hasArgument(argc, argv, { "--screenshot" });
    const bool platformGiven = envSet("QT_QPA_PLATFORM") || hasArgument(argc, argv, { "-platform", "--platform" });
    const bool display = envSet("DISPLAY") || envSet("WAYLAND_DISPLAY");
    if (infoOnly) {
        // --help and --version work without a display: no GUI is created.
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("loopscope"));
        QCoreApplication::setApplicationVersion(QStringLiteral(LOOPSCOPE_VERSION));
        QCommandLineParser parser;
        describe(parser);
        parser.process(app);
        return 0;
    }
    if (hasArgument(argc, argv, { "--list-events" })) {
        // Choosing --steps for a screenshot needs the event numbers, not a window.
        QCoreApplication app(argc, argv);
        QCommandLineParser parser;
        describe(parser);
        parser.process(app);
        QString path = parser.value(QStringLiteral("scenario"));
        if (path.isEmpty() && !parser.positionalArguments().isEmpty())
            path = parser.positionalArguments().constFirst();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "loopscope: cannot read %s\n", qPrintable(path));
            return 1;
        }
        loopscope::EngineTimeline run(path, QString::fromUtf8(file.readAll()));
        run.waitForCompletion();
        for (uint64_t i = 0; i < run.eventCount(); ++i) {
            const loopscope::EventInfo e = run.event(i);
            std::printf("%llu\t%.3f\t%s\t%s\n", static_cast<unsigned long long>(i), e.clock, qPrintable(loopscope::eventKindName(e.kind)),
                qPrintable(e.text));
        }
        return 0;
    }
    if (!display && !platformGiven) {
        if (screenshot) {
            // A screenshot needs no screen: render offscreen.
            qputenv("QT_QPA_PLATFORM", "offscreen");
        } else {
            std::fprintf(stderr, "loopscope: no display found (DISPLAY is not set); run under a desktop session, "
                                 "or use QT_QPA_PLATFORM=offscreen / xvfb-run\n");
            return 1;
        }
    }

    QApplication::setHighDpiScaleFactorRoundingPolicy(Qt::HighDpiScaleFactorRoundingPolicy::PassThrough);
    QApplication app(argc, argv);
    // Reprs of asyncio's own callbacks name the installed CPython's files, as python3 would.
    loopscope::installPythonAsyncioLocator();
    QApplication::setOrganizationName(QStringLiteral("Loopscope"));
    QApplication::setApplicationName(QStringLiteral("loopscope"));
    QApplication::setApplicationVersion(QStringLiteral(LOOPSCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/loopscope.svg")));

    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    QString scenario = parser.value(QStringLiteral("scenario"));
    if (scenario.isEmpty() && !parser.positionalArguments().isEmpty())
        scenario = parser.positionalArguments().constFirst();

    loopscope::MainWindow window;
    // Each run (open, edit, reset) is a fresh Engine run on a worker thread.
    window.setTimelineFactory([&window](const QString& path, const QString& source) -> loopscope::Timeline* {
        return new loopscope::EngineTimeline(path, source, window.watchExpressions());
    });
    auto* sessions = new loopscope::SessionUi(&window);
    for (const QString& expression : parser.values(QStringLiteral("watch")))
        window.chartsPanel()->addWatch(expression);
    if (!screenshot)
        window.restoreSettings();
    // A recorded session (or a trace) is replayed, never run again.
    if (scenario.endsWith(QLatin1String(".lsn")) || scenario.endsWith(QLatin1String(".trace"))) {
        QString error;
        if (!sessions->openSession(scenario, &error)) {
            std::fprintf(stderr, "loopscope: %s\n", qPrintable(error));
            return 1;
        }
    } else if (!scenario.isEmpty() && !window.openScenario(scenario)) {
        std::fprintf(stderr, "loopscope: cannot read %s\n", qPrintable(scenario));
        return 1;
    }

    const QString compareLeft = parser.value(QStringLiteral("compare"));
    if (screenshot && !compareLeft.isEmpty()) {
        loopscope::CompareView compare;
        QString error;
        if (!compare.openFiles(compareLeft, scenario, &error)) {
            std::fprintf(stderr, "loopscope: %s\n", qPrintable(error));
            return 1;
        }
        const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
        compare.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1400, size.value(1).toInt() > 0 ? size.value(1).toInt() : 760);
        compare.show();
        for (int i = parser.value(QStringLiteral("steps")).toInt(); i > 0 && compare.stepForward(); --i) { }
        if (parser.isSet(QStringLiteral("first-difference")))
            compare.jumpToFirstDifference();
        QApplication::processEvents();
        const QString out = parser.value(QStringLiteral("screenshot"));
        if (!compare.grab().toImage().save(out, "PNG")) {
            std::fprintf(stderr, "loopscope: cannot write %s\n", qPrintable(out));
            return 1;
        }
        return 0;
    }

    if (screenshot) {
        const QString out = parser.value(QStringLiteral("screenshot"));
        bool ok = false;
        const int steps = parser.value(QStringLiteral("steps")).toInt(&ok);
        if (!ok || steps < 0) {
            std::fprintf(stderr, "loopscope: --steps needs a number\n");
            return 1;
        }
        const QStringList size = parser.value(QStringLiteral("size")).split(QLatin1Char('x'));
        window.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1280, size.value(1).toInt() > 0 ? size.value(1).toInt() : 800);
        // Let the internals panel find the installed CPython first (it gives up by itself).
        loopscope::AsyncioSource* asyncio = window.internalsPanel()->source();
        if (!asyncio->isLoaded()) {
            QEventLoop wait;
            QObject::connect(asyncio, &loopscope::AsyncioSource::located, &wait, &QEventLoop::quit);
            QTimer::singleShot(8000, &wait, &QEventLoop::quit);
            wait.exec();
        }
        // Screenshots are of a finished run, so N steps always land on the same event.
        if (auto* run = qobject_cast<loopscope::EngineTimeline*>(window.session()->timeline()))
            run->waitForCompletion();
        window.setAnimationDuration(0);
        window.show();
        if (parser.isSet(QStringLiteral("present"))) {
            window.setPresentationMode(true);
            window.setWindowState(Qt::WindowNoState); // the screenshot's --size, not the screen's
            window.resize(size.value(0).toInt() > 0 ? size.value(0).toInt() : 1280, size.value(1).toInt() > 0 ? size.value(1).toInt() : 800);
        }
        QApplication::processEvents();
        for (int i = 0; i < steps; ++i) {
            if (!window.session()->stepForward(loopscope::Granularity::Event))
                break;
        }
        for (const QString& name : parser.value(QStringLiteral("show")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QString n = name.trimmed().toLower();
            const bool chartTab = n == QLatin1String("watches") || n == QLatin1String("lanes");
            if (auto* dock = window.findChild<QDockWidget*>((chartTab ? QStringLiteral("charts") : n) + QStringLiteral("Dock")))
                dock->raise();
            if (chartTab)
                window.chartsPanel()->tabs()->setCurrentIndex(n == QLatin1String("lanes") ? 1 : 2);
        }
        QApplication::processEvents();
        const QImage image = window.renderImage();
        if (image.isNull() || !image.save(out, "PNG")) {
            std::fprintf(stderr, "loopscope: cannot write %s\n", qPrintable(out));
            return 1;
        }
        return 0;
    }

    window.show();
    if (parser.isSet(QStringLiteral("present")))
        window.setPresentationMode(true);
    if (!compareLeft.isEmpty()) {
        QString error;
        if (!sessions->openCompare(compareLeft, scenario, &error))
            std::fprintf(stderr, "loopscope: %s\n", qPrintable(error));
    }
    return app.exec();
}

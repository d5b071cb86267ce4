// loopscope: the visual debugger's entry point.

#include "asynciosource.h"
#include "debugsession.h"
#include "internalspanel.h"
#include "loopview.h"
#include "enginetimeline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
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
    parser.addOption({ QStringLiteral("size"), QStringLiteral("Window size for the screenshot (default 1280x800)."), QStringLiteral("WxH"),
        QStringLiteral("1280x800") });
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
    window.setTimelineFactory([](const QString& path, const QString& source) -> loopscope::Timeline* {
        return new loopscope::EngineTimeline(path, source);
    });
    if (!screenshot)
        window.restoreSettings();
    if (!scenario.isEmpty() && !window.openScenario(scenario)) {
        std::fprintf(stderr, "loopscope: cannot read %s\n", qPrintable(scenario));
        return 1;
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
        QApplication::processEvents();
        for (int i = 0; i < steps; ++i) {
            if (!window.session()->stepForward(loopscope::Granularity::Event))
                break;
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
    return app.exec();
}

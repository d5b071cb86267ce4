#include "mainwindow.h"

#include "chartspanel.h"
#include "debugsession.h"
#include "eventlistmodel.h"
#include "futurelistmodel.h"
#include "guiresources.h"
#include "internalspanel.h"
#include "localsmodel.h"
#include "loopview.h"
#include "outputmodel.h"
#include "sourceeditor.h"
#include "sourcepanel.h"
#include "taskcolors.h"
#include "taskgraphview.h"
#include "tasklistmodel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace loopscope {

namespace {
constexpr int DefaultAnimation = 450;

QDockWidget* makeDock(const QString& title, const QString& name, QWidget* content, QMainWindow* window)
{
    auto* dock = new QDockWidget(title, window);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    return dock;
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new DebugSession(this))
    , m_loopView(new LoopView(this))
    , m_source(new SourcePanel(this))
    , m_taskGraph(new TaskGraphView)
    , m_internals(new InternalsPanel(this))
    , m_charts(new ChartsPanel(m_session, this))
    , m_events(new QTableView(this))
    , m_console(new QListView(this))
    , m_locals(new QTreeView(this))
    , m_localsTask(new QComboBox(this))
    , m_timelineSlider(new QSlider(Qt::Horizontal, this))
    , m_runRateSlider(new QSlider(Qt::Horizontal, this))
    , m_animationSlider(new QSlider(Qt::Horizontal, this))
    , m_positionLabel(new QLabel(this))
    , m_statusLabel(new QLabel(this))
    , m_baseFont(QApplication::font())
    , m_editTimer(new QTimer(this))
{
    ensureResources();
    setWindowTitle(tr("Loopscope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/loopscope.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    setCentralWidget(m_loopView);
    m_loopView->setAnimationDuration(DefaultAnimation);

    createActions();
    createDocks();
    createToolBars();
    createMenus();
    statusBar()->addWidget(m_statusLabel, 1);

    connect(m_session, &DebugSession::positionChanged, this, &MainWindow::showPosition);
    connect(m_session, &DebugSession::eventCountChanged, this, [this] {
        const qint64 count = m_session->timeline() ? qint64(m_session->timeline()->eventCount()) : 0;
        QSignalBlocker block(m_timelineSlider);
        m_timelineSlider->setRange(0, int(std::max<qint64>(count - 1, 0)));
        updateStatus();
        updateEnabled();
    });
    connect(m_session, &DebugSession::timelineChanged, this, [this] { m_localsTask->setCurrentIndex(-1); });
    connect(m_session, &DebugSession::runningChanged, this, [this](bool) { updateEnabled(); });
    connect(m_session, &DebugSession::stopped, this, [this](const QString& reason) {
        statusBar()->showMessage(tr("Stopped: %1").arg(reason), 6000);
    });

    SourceEditor* editor = m_source->editor();
    connect(editor, &SourceEditor::breakpointsChanged, this, [this](const QSet<int>& lines) {
        m_session->breakConditions().lines = lines;
    });
    m_editTimer->setSingleShot(true);
    m_editTimer->setInterval(700);
    connect(editor, &SourceEditor::sourceEdited, m_editTimer, qOverload<>(&QTimer::start));
    connect(m_editTimer, &QTimer::timeout, this, [this] {
        emit sourceEdited(m_source->editor()->toPlainText());
        restartRun();
    });
    connect(m_source, &SourcePanel::exampleChosen, this, [this](const QString& path) { openScenario(path); });
    // Watch values come from the engine: a live run is re-run with the new list, at the same event.
    connect(m_charts, &ChartsPanel::watchesChanged, this, [this] {
        if (!m_factory || !m_session->timeline() || !m_session->timeline()->inherits("loopscope::EngineTimeline"))
            return;
        // Another change before the re-run got back keeps heading for the same event.
        const bool returning = m_watchTarget > m_session->position() && !m_session->timeline()->isComplete();
        const qint64 at = returning ? m_watchTarget : m_session->position();
        restartRun();
        m_watchTarget = at;
        if (at > 0)
            m_session->runToEvent(at);
    });

    connect(m_taskGraph, &TaskGraphView::taskClicked, this, [this](quint64 id) {
        m_session->selectTask(id);
        const int row = m_session->taskModel()->rowOfTask(id);
        m_localsTask->setCurrentIndex(row);
    });
    connect(m_localsTask, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (row < 0 || row >= m_session->taskModel()->rowCount())
            return;
        const quint64 id = m_session->taskModel()->index(row).data(TaskListModel::IdRole).toULongLong();
        m_session->selectTask(id);
        m_taskGraph->setSelectedTask(id);
    });
    // Clicking or moving through the event list with the keyboard jumps there.
    connect(m_events->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& index) {
        if (index.isValid() && index.row() != m_session->position())
            m_session->goTo(index.row());
    });
    connect(m_timelineSlider, &QSlider::valueChanged, this, [this](int value) {
        if (value != m_session->position())
            m_session->goTo(value);
    });

    m_internals->locateCPython();
    resize(1280, 800);
    showPosition();
    updateEnabled();
}

MainWindow::~MainWindow() = default;

QAction* MainWindow::makeAction(const QString& name, const QString& text, const QKeySequence& shortcut,
    const QString& tip, std::function<void()> slot, const QIcon& icon)
{
    auto* action = new QAction(icon, text, this);
    action->setObjectName(name);
    if (!shortcut.isEmpty()) {
        action->setShortcut(shortcut);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
    } else {
        action->setToolTip(tip);
    }
    action->setStatusTip(tip);
    connect(action, &QAction::triggered, this, std::move(slot));
    addAction(action);
    return action;
}

void MainWindow::createActions()
{
    QStyle* s = style();
    const auto step = [this](Granularity g, bool forward) {
        return [this, g, forward] {
            m_session->pause();
            if (!(forward ? m_session->stepForward(g) : m_session->stepBackward(g)))
                statusBar()->showMessage(forward ? tr("No further stop yet") : tr("At the start"), 3000);
        };
    };
    const QIcon fwd(QStringLiteral(":/icons/step-forward.svg"));
    const QIcon back(QStringLiteral(":/icons/step-back.svg"));
    m_debugActions << makeAction(QStringLiteral("stepEvent"), tr("Step &Event"), QKeySequence(Qt::Key_F11),
        tr("Step to the next event"), step(Granularity::Event, true), fwd);
    m_debugActions << makeAction(QStringLiteral("stepLine"), tr("Step &Line"), QKeySequence(Qt::Key_F7),
        tr("Step to the next source line"), step(Granularity::Line, true), QIcon(QStringLiteral(":/icons/step-line.svg")));
    m_debugActions << makeAction(QStringLiteral("stepHandle"), tr("Step &Handle"), QKeySequence(Qt::Key_F10),
        tr("Step to the next callback the loop runs"), step(Granularity::Handle, true), QIcon(QStringLiteral(":/icons/step-handle.svg")));
    m_debugActions << makeAction(QStringLiteral("stepPhase"), tr("Step &Phase"), QKeySequence(Qt::Key_F6),
        tr("Step to the next phase of _run_once"), step(Granularity::Phase, true), QIcon(QStringLiteral(":/icons/step-phase.svg")));
    m_debugActions << makeAction(QStringLiteral("stepIteration"), tr("Step &Iteration"), QKeySequence(Qt::Key_F8),
        tr("Step to the next _run_once iteration"), step(Granularity::Iteration, true), QIcon(QStringLiteral(":/icons/step-iteration.svg")));
    m_debugActions << makeAction(QStringLiteral("stepEventBack"), tr("Back One Event"), QKeySequence(Qt::SHIFT | Qt::Key_F11),
        tr("Step back to the previous event"), step(Granularity::Event, false), back);
    m_debugActions << makeAction(QStringLiteral("stepLineBack"), tr("Back One Line"), QKeySequence(Qt::SHIFT | Qt::Key_F7),
        tr("Step back to the previous source line"), step(Granularity::Line, false));
    m_debugActions << makeAction(QStringLiteral("stepTaskLine"), tr("Step Line in &Task"), QKeySequence(Qt::ALT | Qt::Key_F7),
        tr("Step to the next source line of the running task (over other tasks' lines)"), step(Granularity::TaskLine, true));
    m_debugActions << makeAction(QStringLiteral("stepTaskLineBack"), tr("Back One Line in Task"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_F7),
        tr("Step back to the previous source line of the running task"), step(Granularity::TaskLine, false));
    m_debugActions << makeAction(QStringLiteral("stepHandleBack"), tr("Back One Handle"), QKeySequence(Qt::SHIFT | Qt::Key_F10),
        tr("Step back to the previous callback"), step(Granularity::Handle, false));
    m_debugActions << makeAction(QStringLiteral("stepPhaseBack"), tr("Back One Phase"), QKeySequence(Qt::SHIFT | Qt::Key_F6),
        tr("Step back to the previous phase"), step(Granularity::Phase, false));
    m_debugActions << makeAction(QStringLiteral("stepIterationBack"), tr("Back One Iteration"), QKeySequence(Qt::SHIFT | Qt::Key_F8),
        tr("Step back to the previous iteration"), step(Granularity::Iteration, false));

    QAction* run = makeAction(QStringLiteral("runPause"), tr("&Run"), QKeySequence(Qt::Key_F5),
        tr("Run at the chosen speed until a breakpoint; again to pause"), [this] {
            if (m_session->isRunning())
                m_session->pause();
            else
                m_session->run();
        }, QIcon(QStringLiteral(":/icons/run.svg")));
    m_debugActions << run;
    m_debugActions << makeAction(QStringLiteral("runToBreakpoint"), tr("Continue to &Breakpoint"), QKeySequence(Qt::CTRL | Qt::Key_F5),
        tr("Jump to the next breakpoint or break condition"), [this] { m_session->runToBreakpoint(); },
        QIcon(QStringLiteral(":/icons/continue.svg")));
    m_debugActions << makeAction(QStringLiteral("runToCursor"), tr("Run to &Cursor"), QKeySequence(Qt::CTRL | Qt::Key_F10),
        tr("Jump to the next time the cursor's line runs"), [this] { m_session->runToLine(m_source->editor()->cursorLine()); });
    m_debugActions << makeAction(QStringLiteral("runToTime"), tr("Run to &Time…"), QKeySequence(Qt::CTRL | Qt::Key_T),
        tr("Jump to the first event at or after a virtual time"), [this] {
            bool ok = false;
            const double t = QInputDialog::getDouble(this, tr("Run to time"), tr("Virtual time (seconds):"),
                m_session->state().clock, 0, 1e9, 3, &ok);
            if (ok)
                m_session->runToTime(t);
        });
    m_debugActions << makeAction(QStringLiteral("toggleBreakpoint"), tr("Toggle Breakpoint"), QKeySequence(Qt::Key_F9),
        tr("Toggle a breakpoint on the cursor's line"), [this] {
            m_source->editor()->toggleBreakpoint(m_source->editor()->cursorLine());
        });
    QAction* onTimer = makeAction(QStringLiteral("breakOnTimer"), tr("Break When a Timer &Fires"), {},
        tr("Stop when a timer moves from the heap to the ready deque"), [] {});
    onTimer->setCheckable(true);
    connect(onTimer, &QAction::toggled, this, [this](bool on) { m_session->breakConditions().timerFires = on; });
    m_debugActions << onTimer;
    QAction* onException = makeAction(QStringLiteral("breakOnException"), tr("Break on E&xception"), {},
        tr("Stop when a task fails or an exception escapes"), [] {});
    onException->setCheckable(true);
    connect(onException, &QAction::toggled, this, [this](bool on) { m_session->breakConditions().exception = on; });
    m_debugActions << onException;
    m_debugActions << makeAction(QStringLiteral("breakOnTaskDone"), tr("Break When Task &Finishes…"), {},
        tr("Stop when a chosen task becomes done"), [this] {
            QStringList names;
            for (int r = 0; r < m_session->taskModel()->rowCount(); ++r)
                names << m_session->taskModel()->index(r).data(TaskListModel::NameRole).toString();
            bool ok = false;
            const QString name = QInputDialog::getItem(this, tr("Break when task finishes"), tr("Task name:"), names, 0, true, &ok);
            if (!ok || name.isEmpty())
                return;
            auto& watched = m_session->breakConditions().taskFinishes;
            if (!watched.remove(name))
                watched.insert(name);
            statusBar()->showMessage(watched.contains(name) ? tr("Will break when %1 finishes").arg(name)
                                                            : tr("No longer breaking on %1").arg(name), 4000);
        });
    m_debugActions << makeAction(QStringLiteral("reset"), tr("R&eset"), QKeySequence(Qt::CTRL | Qt::Key_R),
        tr("Go back to the first event"), [this] { m_session->reset(); }, QIcon(QStringLiteral(":/icons/reset.svg")));

    QAction* animate = makeAction(QStringLiteral("animate"), tr("&Animate Changes"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A),
        tr("Animate the loop view between steps"), [] {});
    animate->setCheckable(true);
    animate->setChecked(true);
    connect(animate, &QAction::toggled, this, [this](bool on) {
        m_loopView->setAnimationDuration(on ? 1500 / std::max(1, m_animationSlider->value()) : 0);
        m_animationSlider->setEnabled(on);
    });
    makeAction(QStringLiteral("zoomIn"), tr("Zoom &In"), QKeySequence(Qt::CTRL | Qt::Key_Equal), tr("Larger fonts"),
        [this] { setZoom(m_zoom * 1.15); });
    makeAction(QStringLiteral("zoomOut"), tr("Zoom &Out"), QKeySequence(Qt::CTRL | Qt::Key_Minus), tr("Smaller fonts"),
        [this] { setZoom(m_zoom / 1.15); });
    makeAction(QStringLiteral("zoomReset"), tr("&Normal Size"), QKeySequence(Qt::CTRL | Qt::Key_0), tr("System font size"),
        [this] { setZoom(1.0); });
    QAction* present = makeAction(QStringLiteral("presentation"), tr("&Presentation Mode"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P),
        tr("Large fonts everywhere, for a projector"), [] {});
    present->setCheckable(true);
    connect(present, &QAction::toggled, this, &MainWindow::setPresentationMode);
    // Ctrl++ as well as Ctrl+=, whichever the keyboard makes easy.
    action(QStringLiteral("zoomIn"))->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(QKeySequence::ZoomIn) });

    makeAction(QStringLiteral("open"), tr("&Open…"), QKeySequence::Open, tr("Open a Python scenario"), [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open scenario"), QFileInfo(m_path).absolutePath(),
            tr("Python files (*.py);;All files (*)"));
        if (!path.isEmpty() && !openScenario(path))
            QMessageBox::warning(this, tr("Open scenario"), tr("Cannot read %1").arg(path));
    }, s->standardIcon(QStyle::SP_DialogOpenButton));
    makeAction(QStringLiteral("saveAs"), tr("Save &As…"), QKeySequence::SaveAs, tr("Save the scenario under a new name"), [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), QString(), tr("Python files (*.py)"));
        if (!path.isEmpty())
            saveTo(path);
    });
    makeAction(QStringLiteral("save"), tr("&Save"), QKeySequence::Save, tr("Save the scenario"), [this] {
        if (m_path.isEmpty() || m_path.startsWith(QLatin1Char(':')))
            action(QStringLiteral("saveAs"))->trigger();
        else
            saveTo(m_path);
    }, s->standardIcon(QStyle::SP_DialogSaveButton));
    makeAction(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit, tr("Quit Loopscope"), [this] { close(); });
}

void MainWindow::createDocks()
{
    m_taskGraph->setModels(m_session->taskModel(), m_session->futureModel());
    auto* taskScroll = new QScrollArea(this);
    taskScroll->setWidget(m_taskGraph);
    taskScroll->setWidgetResizable(true);
    taskScroll->setFrameShape(QFrame::NoFrame);

    m_events->setModel(m_session->eventModel());
    m_events->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_events->setSelectionMode(QAbstractItemView::SingleSelection);
    m_events->verticalHeader()->hide();
    m_events->verticalHeader()->setDefaultSectionSize(m_events->fontMetrics().height() + 4);
    m_events->horizontalHeader()->setStretchLastSection(true);
    m_events->horizontalHeader()->setResizeContentsPrecision(200); // not every row of a long run
    // Fit the columns once per run: fitting them to contents on every step re-measured 200 rows' text per step.
    connect(m_session->eventModel(), &QAbstractItemModel::modelReset, this, [this] { m_eventColumnsFitted = false; });
    connect(m_session->eventModel(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_eventColumnsFitted)
            return;
        m_eventColumnsFitted = true;
        m_events->resizeColumnsToContents();
    });
    m_events->setShowGrid(false);
    m_events->setAlternatingRowColors(true);
    m_events->setWordWrap(false);

    m_console->setModel(m_session->outputModel());
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_console->setUniformItemSizes(true);
    connect(m_session->outputModel(), &QAbstractItemModel::rowsInserted, m_console, &QListView::scrollToBottom);

    m_locals->setModel(m_session->localsModel());
    m_locals->setAlternatingRowColors(true);
    m_locals->setUniformRowHeights(true);
    connect(m_session->localsModel(), &QAbstractItemModel::modelReset, m_locals, &QTreeView::expandAll);
    m_localsTask->setModel(m_session->taskModel());
    m_localsTask->setPlaceholderText(tr("running task"));
    auto* localsPage = new QWidget(this);
    auto* localsLayout = new QVBoxLayout(localsPage);
    localsLayout->setContentsMargins(4, 4, 4, 4);
    localsLayout->addWidget(m_localsTask);
    localsLayout->addWidget(m_locals, 1);

    auto* source = makeDock(tr("Source"), QStringLiteral("sourceDock"), m_source, this);
    auto* tasks = makeDock(tr("Tasks"), QStringLiteral("tasksDock"), taskScroll, this);
    auto* internals = makeDock(tr("asyncio Internals"), QStringLiteral("internalsDock"), m_internals, this);
    auto* locals = makeDock(tr("Locals"), QStringLiteral("localsDock"), localsPage, this);
    auto* console = makeDock(tr("Console"), QStringLiteral("consoleDock"), m_console, this);
    auto* events = makeDock(tr("Events"), QStringLiteral("eventsDock"), m_events, this);
    auto* charts = makeDock(tr("Charts"), QStringLiteral("chartsDock"), m_charts, this);
    m_docks = { source, tasks, internals, locals, console, events, charts };

    addDockWidget(Qt::LeftDockWidgetArea, source);
    addDockWidget(Qt::RightDockWidgetArea, tasks);
    addDockWidget(Qt::RightDockWidgetArea, internals);
    tabifyDockWidget(tasks, locals);
    tabifyDockWidget(internals, charts);
    addDockWidget(Qt::BottomDockWidgetArea, console);
    addDockWidget(Qt::BottomDockWidgetArea, events);
    tabifyDockWidget(console, events);
    console->raise();
    tasks->raise();
    internals->raise();
    resizeDocks({ source, tasks }, { 300, 350 }, Qt::Horizontal);
    resizeDocks({ console }, { 150 }, Qt::Vertical);
    resizeDocks({ tasks, internals }, { 330, 270 }, Qt::Vertical);
}

void MainWindow::createToolBars()
{
    auto* debug = addToolBar(tr("Debug"));
    debug->setObjectName(QStringLiteral("debugToolBar"));
    for (const char* name : { "reset", "stepEventBack", "stepEvent", "stepLine", "stepHandle", "stepPhase", "stepIteration",
             "runPause", "runToBreakpoint" })
        debug->addAction(action(QString::fromLatin1(name)));
    debug->addSeparator();
    debug->addWidget(new QLabel(tr(" Run speed "), debug));
    m_runRateSlider->setRange(1, 30);
    m_runRateSlider->setValue(m_session->runRate());
    m_runRateSlider->setMaximumWidth(110);
    m_runRateSlider->setToolTip(tr("Events per second while running"));
    connect(m_runRateSlider, &QSlider::valueChanged, m_session, &DebugSession::setRunRate);
    debug->addWidget(m_runRateSlider);
    debug->addWidget(new QLabel(tr(" Animation "), debug));
    m_animationSlider->setRange(1, 10);
    m_animationSlider->setValue(1500 / DefaultAnimation);
    m_animationSlider->setMaximumWidth(110);
    m_animationSlider->setToolTip(tr("Animation speed (Ctrl+Shift+A turns animations off)"));
    connect(m_animationSlider, &QSlider::valueChanged, this, [this](int v) {
        if (action(QStringLiteral("animate"))->isChecked())
            m_loopView->setAnimationDuration(1500 / std::max(1, v));
    });
    debug->addWidget(m_animationSlider);
    debug->addAction(action(QStringLiteral("animate")));

    auto* scrub = new QToolBar(tr("Timeline"), this);
    scrub->setObjectName(QStringLiteral("timelineToolBar"));
    addToolBarBreak(Qt::TopToolBarArea);
    addToolBar(Qt::TopToolBarArea, scrub);
    m_timelineSlider->setToolTip(tr("Scrub through the run: one notch per event"));
    m_timelineSlider->setPageStep(10);
    m_positionLabel->setMinimumWidth(m_positionLabel->fontMetrics().horizontalAdvance(QStringLiteral("event 00000 / 00000  t = 0000.000")));
    scrub->addWidget(new QLabel(tr(" Timeline "), scrub));
    scrub->addWidget(m_timelineSlider);
    scrub->addWidget(m_positionLabel);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("open")));
    QMenu* examples = file->addMenu(tr("&Examples"));
    for (const QString& path : SourcePanel::builtInExamples())
        examples->addAction(QFileInfo(path).fileName(), this, [this, path] { openScenario(path); });
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu* debug = menuBar()->addMenu(tr("&Debug"));
    for (QAction* a : std::as_const(m_debugActions)) {
        debug->addAction(a);
        const QString name = a->objectName();
        if (name == QLatin1String("stepIteration") || name == QLatin1String("stepIterationBack") || name == QLatin1String("runToTime")
            || name == QLatin1String("breakOnTaskDone"))
            debug->addSeparator();
    }

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : std::as_const(m_docks))
        view->addAction(dock->toggleViewAction());
    view->addSeparator();
    for (const char* name : { "zoomIn", "zoomOut", "zoomReset", "presentation", "animate" })
        view->addAction(action(QString::fromLatin1(name)));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Loopscope"), this, [this] {
        QMessageBox::about(this, tr("About Loopscope"),
            tr("<b>Loopscope %1</b><p>Single-step CPython's asyncio event loop: the phases of _run_once, "
               "the ready deque, the timer heap and the tasks.</p>").arg(QApplication::applicationVersion()));
    });
}

bool MainWindow::openScenario(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QString text = QString::fromUtf8(file.readAll());
    m_editTimer->stop();
    m_source->editor()->setSource(text);
    m_source->setFileName(path);
    m_path = path;
    setWindowTitle(tr("%1 — Loopscope").arg(QFileInfo(path).fileName()));
    emit scenarioOpened(path, text);
    restartRun();
    return true;
}

void MainWindow::setTimelineFactory(TimelineFactory factory)
{
    m_factory = std::move(factory);
}

void MainWindow::restartRun()
{
    if (!m_factory)
        return;
    setTimeline(m_factory(m_path, m_source->editor()->toPlainText()));
}

void MainWindow::showRecording(const QString& path, const QString& source, Timeline* timeline)
{
    m_editTimer->stop();
    m_source->editor()->setSource(source);
    m_source->setFileName(path);
    m_path = path;
    setWindowTitle(tr("%1 (recording) — Loopscope").arg(QFileInfo(path).fileName()));
    setTimeline(timeline);
}

void MainWindow::setTimeline(Timeline* timeline)
{
    m_loopView->setState(LoopState {}, false);
    m_session->setTimeline(timeline);
    m_loopView->setState(m_session->state(), false);
}

DebugSession* MainWindow::session() const { return m_session; }
LoopView* MainWindow::loopView() const { return m_loopView; }
SourcePanel* MainWindow::sourcePanel() const { return m_source; }
SourceEditor* MainWindow::sourceEditor() const { return m_source->editor(); }
TaskGraphView* MainWindow::taskGraph() const { return m_taskGraph; }
InternalsPanel* MainWindow::internalsPanel() const { return m_internals; }
ChartsPanel* MainWindow::chartsPanel() const { return m_charts; }
QStringList MainWindow::watchExpressions() const { return m_charts->watches(); }
QTableView* MainWindow::eventView() const { return m_events; }
QListView* MainWindow::consoleView() const { return m_console; }
QTreeView* MainWindow::localsView() const { return m_locals; }
QSlider* MainWindow::timelineSlider() const { return m_timelineSlider; }

QAction* MainWindow::action(const QString& objectName) const
{
    return findChild<QAction*>(objectName, Qt::FindDirectChildrenOnly);
}

QList<QAction*> MainWindow::debugActions() const
{
    return m_debugActions;
}

void MainWindow::showPosition()
{
    const LoopState& state = m_session->state();
    const EventInfo& event = m_session->currentEvent();
    const bool lineLive = m_session->currentLineIsLive();
    m_loopView->setState(state, true);
    m_internals->showState(state, event);

    SourceEditor* editor = m_source->editor();
    const bool sameFile = state.currentFile.empty() || m_path.isEmpty()
        || QFileInfo(QString::fromStdString(state.currentFile)).fileName() == QFileInfo(m_path).fileName();
    // Between handles and in native callbacks the loop's own code runs: no program line is current.
    editor->setCurrentLine(sameFile && lineLive ? state.currentLine : 0);
    QList<TaskMarker> markers;
    for (const TaskView& task : state.tasks) {
        if (task.state != TaskView::State::Suspended && task.state != TaskView::State::Scheduled)
            continue;
        for (const FrameView& frame : task.frames) {
            if (frame.line > 0)
                markers << TaskMarker { frame.line, taskColor(task.id), QString::fromStdString(task.name) };
        }
    }
    editor->setTaskMarkers(markers);

    if (m_session->position() >= 0) {
        const QModelIndex row = m_session->eventModel()->index(int(m_session->position()), 0);
        m_events->selectionModel()->setCurrentIndex(row, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_events->scrollTo(row);
    }
    {
        QSignalBlocker block(m_timelineSlider);
        m_timelineSlider->setValue(int(std::max<qint64>(m_session->position(), 0)));
    }
    updateStatus();
    updateEnabled();
}

void MainWindow::updateStatus()
{
    const LoopState& state = m_session->state();
    const qint64 count = m_session->timeline() ? qint64(m_session->timeline()->eventCount()) : 0;
    const bool complete = m_session->timeline() && m_session->timeline()->isComplete();
    m_positionLabel->setText(tr(" event %1 / %2%3   t = %4 ")
                                 .arg(std::max<qint64>(m_session->position(), 0))
                                 .arg(std::max<qint64>(count - 1, 0))
                                 .arg(complete || count == 0 ? QString() : QStringLiteral("+"))
                                 .arg(state.clock, 0, 'f', 3));
    if (count == 0) {
        m_statusLabel->setText(m_factory ? tr("No events") : tr("No run: the engine is not connected yet"));
        return;
    }
    const EventInfo& e = m_session->currentEvent();
    QString text = tr("%1  ·  %2").arg(eventKindName(e.kind), e.text);
    if (state.phase != LoopPhase::Idle)
        text += tr("  ·  iteration %1, %2").arg(state.iteration).arg(phaseTitle(state.phase));
    if (state.finished)
        text += tr("  ·  finished: %1").arg(QString::fromStdString(state.finishReason));
    m_statusLabel->setText(text);
}

void MainWindow::updateEnabled()
{
    const bool any = m_session->position() >= 0;
    const bool atStart = m_session->position() <= 0;
    for (QAction* a : std::as_const(m_debugActions)) {
        const QString name = a->objectName();
        if (name.endsWith(QLatin1String("Back")) || name == QLatin1String("reset"))
            a->setEnabled(any && !atStart);
        else if (!a->isCheckable() && name != QLatin1String("toggleBreakpoint") && name != QLatin1String("breakOnTaskDone"))
            a->setEnabled(any);
    }
    QAction* run = action(QStringLiteral("runPause"));
    const bool running = m_session->isRunning();
    run->setText(running ? tr("&Pause") : tr("&Run"));
    run->setIcon(QIcon(running ? QStringLiteral(":/icons/pause.svg") : QStringLiteral(":/icons/run.svg")));
    m_timelineSlider->setEnabled(any);
}

void MainWindow::setZoom(double factor)
{
    m_zoom = std::clamp(factor, 0.5, 4.0);
    applyZoom();
}

double MainWindow::zoom() const
{
    return m_zoom;
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    // Presenting gives the room to the loop view: secondary docks step aside until it ends.
    if (on) {
        m_layoutBeforePresentation = saveState();
        for (const char* name : { "eventsDock", "chartsDock", "localsDock" }) {
            if (auto* dock = findChild<QDockWidget*>(QString::fromLatin1(name)))
                dock->hide();
        }
        auto* source = findChild<QDockWidget*>(QStringLiteral("sourceDock"));
        auto* tasks = findChild<QDockWidget*>(QStringLiteral("tasksDock"));
        if (source && tasks)
            resizeDocks({ source, tasks }, { width() / 5, width() / 4 }, Qt::Horizontal);
    } else if (!m_layoutBeforePresentation.isEmpty()) {
        restoreState(m_layoutBeforePresentation);
    }
    if (QAction* a = action(QStringLiteral("presentation")); a && a->isChecked() != on) {
        QSignalBlocker block(a);
        a->setChecked(on);
    }
    applyZoom();
    emit presentationModeChanged(on);
}

bool MainWindow::presentationMode() const
{
    return m_presentation;
}

void MainWindow::applyZoom()
{
    const double factor = m_zoom * (m_presentation ? 1.6 : 1.0);
    QFont f = m_baseFont;
    f.setPointSizeF(m_baseFont.pointSizeF() * factor);
    setFont(f);
    // Widgets with their own (monospace) font do not inherit: scale them too.
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(mono.pointSizeF() * factor);
    for (QWidget* w : { static_cast<QWidget*>(m_source->editor()), static_cast<QWidget*>(m_internals->editor()),
             static_cast<QWidget*>(m_console) })
        w->setFont(mono);
    m_events->verticalHeader()->setDefaultSectionSize(QFontMetrics(f).height() + 4);
}

void MainWindow::setAnimationDuration(int milliseconds)
{
    action(QStringLiteral("animate"))->setChecked(milliseconds > 0);
    m_loopView->setAnimationDuration(milliseconds);
}

QImage MainWindow::renderImage()
{
    m_loopView->finishAnimations();
    // Pending layout requests (after a zoom, a palette change) must land before the grab.
    QCoreApplication::sendPostedEvents();
    return grab().toImage();
}

bool MainWindow::saveTo(const QString& path)
{
    if (!m_source->editor()->saveFile(path)) {
        QMessageBox::warning(this, tr("Save scenario"), tr("Cannot write %1").arg(path));
        return false;
    }
    m_path = path;
    m_source->setFileName(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 3000);
    return true;
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // While presenting, the layout to come back to is the one worth keeping.
    settings.setValue(QStringLiteral("window/state"), m_presentation ? m_layoutBeforePresentation : saveState());
    settings.setValue(QStringLiteral("prefs/runRate"), m_runRateSlider->value());
    settings.setValue(QStringLiteral("prefs/animationSpeed"), m_animationSlider->value());
    settings.setValue(QStringLiteral("prefs/animate"), action(QStringLiteral("animate"))->isChecked());
    settings.setValue(QStringLiteral("prefs/zoom"), m_zoom);
    settings.setValue(QStringLiteral("prefs/presentation"), m_presentation);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_layoutRestored = restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_runRateSlider->setValue(settings.value(QStringLiteral("prefs/runRate"), m_session->runRate()).toInt());
    m_animationSlider->setValue(settings.value(QStringLiteral("prefs/animationSpeed"), m_animationSlider->value()).toInt());
    action(QStringLiteral("animate"))->setChecked(settings.value(QStringLiteral("prefs/animate"), true).toBool());
    m_zoom = settings.value(QStringLiteral("prefs/zoom"), 1.0).toDouble();
    setPresentationMode(settings.value(QStringLiteral("prefs/presentation"), false).toBool());
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    // Dock sizes asked for before the window was laid out are lost: ask again once it is, unless
    // a saved layout was restored.
    if (m_defaultSizesApplied || m_layoutRestored)
        return;
    m_defaultSizesApplied = true;
    QTimer::singleShot(0, this, [this] {
        auto* source = findChild<QDockWidget*>(QStringLiteral("sourceDock"));
        auto* tasks = findChild<QDockWidget*>(QStringLiteral("tasksDock"));
        auto* internals = findChild<QDockWidget*>(QStringLiteral("internalsDock"));
        auto* console = findChild<QDockWidget*>(QStringLiteral("consoleDock"));
        if (!source || !tasks || !internals || !console || m_presentation)
            return;
        resizeDocks({ source, tasks }, { 300, 350 }, Qt::Horizontal);
        resizeDocks({ console }, { 150 }, Qt::Vertical);
        resizeDocks({ tasks, internals }, { 55, 45 }, Qt::Vertical);
    });
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    event->accept();
}

} // namespace loopscope

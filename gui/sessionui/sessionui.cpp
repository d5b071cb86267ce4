// Core headers first: the runtime's `slots` member clashes with Qt's macro.
#include "sessionui.h"

#include "autosave.h"
#include "chartspanel.h"
#include "compareview.h"
#include "debugsession.h"
#include "mainwindow.h"
#include "notespanel.h"
#include "presentation.h"
#include "recordcontroller.h"
#include "replaytimeline.h"
#include "sourceeditor.h"
#include "sourcepanel.h"

#include <QAction>
#include <QBoxLayout>
#include <QDockWidget>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPainter>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <algorithm>
#include <loopscope/stdlib/modules.h>

namespace loopscope {

namespace {

struct GranularityName {
    Granularity granularity;
    const char* name;
};
const GranularityName kGranularityNames[] = { { Granularity::Event, "event" }, { Granularity::Line, "line" },
    { Granularity::Handle, "handle" }, { Granularity::Phase, "phase" }, { Granularity::Iteration, "iteration" },
    { Granularity::TaskLine, "task-line" } };

/// A note laid over a widget, following its size: says what a recording does not have.
class Overlay : public QLabel {
public:
    Overlay(const QString& text, QWidget* host)
        : QLabel(text, host)
    {
        setObjectName(QStringLiteral("unavailableOverlay"));
        setWordWrap(true);
        setAlignment(Qt::AlignCenter);
        setTextFormat(Qt::PlainText);
        setAttribute(Qt::WA_TransparentForMouseEvents);
        setStyleSheet(
            QStringLiteral("QLabel { background: rgba(128, 128, 128, 60); color: palette(text); padding: 6px; "
                           "font-style: italic; }"));
        host->installEventFilter(this);
        place();
        hide();
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == parent() && event->type() == QEvent::Resize) place();
        return false;
    }

private:
    void place()
    {
        QWidget* host = parentWidget();
        setGeometry(0, 0, host->width(), host->height());
    }
};

QIcon recordIcon()
{
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0xd32f2f));
    p.drawEllipse(QRectF(6, 6, 20, 20));
    return QIcon(pixmap);
}

QMenu* menuHolding(QAction* action)
{
    if (!action) return nullptr;
    for (QObject* o : action->associatedObjects()) {
        if (auto* menu = qobject_cast<QMenu*>(o)) return menu;
    }
    return nullptr;
}

} // namespace

SessionUi::SessionUi(MainWindow* window)
    : QObject(window)
    , m_window(window)
    , m_recorder(new RecordController(this))
    , m_notes(new NotesPanel(m_recorder, window->session(), window))
    , m_notesDock(new QDockWidget(tr("Notes"), window))
    , m_presentation(new PresentationController(window, m_recorder, this))
{
    m_notesDock->setObjectName(QStringLiteral("notesDock"));
    m_notesDock->setWidget(m_notes);
    m_notesDock->setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable | QDockWidget::DockWidgetClosable);
    window->addDockWidget(Qt::LeftDockWidgetArea, m_notesDock);
    if (auto* source = window->findChild<QDockWidget*>(QStringLiteral("sourceDock"), Qt::FindDirectChildrenOnly))
        window->splitDockWidget(source, m_notesDock, Qt::Vertical);
    m_notesDock->hide();

    const QString cpython = tr("Recorded from real CPython: locals were not recorded.");
    m_unavailable << new Overlay(cpython, window->localsView());
    // Above the editor rather than over it, so that no line of the program is covered.
    auto* lineNote
        = new QLabel(tr("Recorded from real CPython: the current line was not recorded."), window->sourcePanel());
    lineNote->setObjectName(QStringLiteral("unavailableOverlay"));
    lineNote->setWordWrap(true);
    lineNote->setStyleSheet(
        QStringLiteral("QLabel { background: palette(alternate-base); border: 1px solid palette(mid); padding: 3px; "
                       "font-style: italic; }"));
    if (auto* box = qobject_cast<QBoxLayout*>(window->sourcePanel()->layout()))
        box->insertWidget(box->indexOf(window->sourceEditor()), lineNote);
    else
        lineNote->setParent(window->sourceEditor());
    lineNote->hide();
    m_unavailable << lineNote;

    createActions();
    window->installEventFilter(this);
    connect(m_notes, &NotesPanel::jumpRequested, this, [this](qint64 index) {
        m_window->session()->pause();
        m_window->session()->goTo(index);
    });
    connect(window->session(), &DebugSession::timelineChanged, this, &SessionUi::onTimelineChanged);
    connect(window, &MainWindow::scenarioOpened, this, [this] {
        // Another scenario is not the one being recorded.
        if (isRecording()) stopRecording();
    });
    connect(window->sourceEditor(), &SourceEditor::breakpointsChanged, this, [this] {
        if (m_recorder->isRecording()) m_recorder->setSettings(currentSettings());
    });
    // A watch added while recording is recorded too, so the replay plots it.
    connect(window->chartsPanel(), &ChartsPanel::watchesChanged, this, [this] {
        if (m_recorder->isRecording()) m_recorder->setSettings(currentSettings());
    });
    connect(m_recorder->autosaver(), &Autosaver::failed, this,
        [this](const QString& why) { message(tr("Autosave failed: %1").arg(why)); });
}

SessionUi::~SessionUi() = default;

QAction* SessionUi::action(const QString& objectName) const
{
    return m_window->findChild<QAction*>(objectName, Qt::FindDirectChildrenOnly);
}

void SessionUi::createActions()
{
    const auto make = [this](const QString& name, const QString& text, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, m_window);
        a->setObjectName(name);
        if (!key.isEmpty()) {
            a->setShortcut(key);
            a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        } else {
            a->setToolTip(tip);
        }
        a->setStatusTip(tip);
        m_window->addAction(a);
        return a;
    };
    QAction* record
        = make(QStringLiteral("recordSession"), tr("&Record Session"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
            tr("Record the walk-through (scenario, settings, run, notes and bookmarks) into a session"));
    record->setCheckable(true);
    record->setIcon(recordIcon());
    connect(record, &QAction::triggered, this, [this](bool on) {
        if (on) {
            if (!startRecording()) message(tr("Open a scenario to record first"));
        } else {
            stopRecording();
            if (m_recorder->documentPath().isEmpty()) saveInteractively(true);
        }
    });
    QAction* open
        = make(QStringLiteral("openSession"), tr("Open Sessio&n…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O),
            tr("Open a recorded session (.lsn) or a canonical trace and replay it"));
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_window, tr("Open session"),
            QFileInfo(m_recorder->documentPath()).absolutePath(),
            tr("Sessions (*.lsn);;Canonical traces (*.trace);;All files (*)"));
        if (path.isEmpty()) return;
        QString error;
        // A crash while this session was being recorded left a newer autosave next to it.
        if (Autosaver::hasRecoverableAutosave(path)
            && QMessageBox::question(m_window, tr("Open session"),
                   tr("There is an autosave of %1 newer than the file. Open the autosave instead?")
                       .arg(QFileInfo(path).fileName()))
                == QMessageBox::Yes) {
            Session s;
            if (Autosaver::recover(path, &s, &error)) {
                showSession(std::move(s), path, QFileInfo(path).fileName());
                return;
            }
            QMessageBox::warning(m_window, tr("Open session"), error);
        }
        if (!openSession(path, &error))
            QMessageBox::warning(m_window, tr("Open session"), error);
        else
            message(tr("Replaying %1: %2 events, %3 bookmarks")
                        .arg(QFileInfo(path).fileName())
                        .arg(m_window->session()->timeline()->eventCount())
                        .arg(m_recorder->bookmarks().size()));
    });
    QAction* save = make(QStringLiteral("saveSession"), tr("Save Sess&ion"),
        QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S), tr("Save the recorded session"));
    connect(save, &QAction::triggered, this, [this] { saveInteractively(false); });
    QAction* saveAs
        = make(QStringLiteral("saveSessionAs"), tr("Save Session As…"), {}, tr("Save the session under a new name"));
    connect(saveAs, &QAction::triggered, this, [this] { saveInteractively(true); });
    QAction* compare = make(QStringLiteral("compareRuns"), tr("&Compare Runs…"), {},
        tr("Two sessions or scenarios side by side, with their first difference"));
    connect(compare, &QAction::triggered, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(
            m_window, tr("Compare two runs"), QString(), tr("Runs (*.lsn *.trace *.py);;All files (*)"));
        if (paths.size() != 2) {
            if (!paths.isEmpty()) QMessageBox::information(m_window, tr("Compare runs"), tr("Pick exactly two files."));
            return;
        }
        QString error;
        if (!openCompare(paths[0], paths[1], &error)) QMessageBox::warning(m_window, tr("Compare runs"), error);
    });
    QAction* recover = make(QStringLiteral("recoverSession"), tr("Recover Autosaved Recording"), {},
        tr("Open the recording autosaved before it was ever saved (after a crash)"));
    connect(recover, &QAction::triggered, this, [this] {
        Session s;
        QString error;
        if (!Autosaver::recover(QString(), &s, &error)) {
            QMessageBox::warning(m_window, tr("Recover recording"), error);
            return;
        }
        showSession(std::move(s), QString(), tr("recovered recording"));
    });
    QAction* mark = make(QStringLiteral("toggleBookmark"), tr("Toggle &Bookmark"), QKeySequence(Qt::CTRL | Qt::Key_B),
        tr("Bookmark the current step, or remove its bookmark"));
    connect(mark, &QAction::triggered, this, [this] {
        const qint64 pos = m_window->session()->position();
        if (!m_recorder->hasDocument() || pos < 0) {
            message(tr("Bookmarks belong to a session: record one first"));
            return;
        }
        m_recorder->toggleBookmark(quint64(pos));
    });
    QAction* next = make(
        QStringLiteral("nextBookmark"), tr("Next Bookmark"), QKeySequence(Qt::Key_F2), tr("Jump to the next bookmark"));
    connect(next, &QAction::triggered, this, [this] {
        if (!goToNextBookmark()) message(tr("No bookmark after this step"));
    });
    QAction* previous = make(QStringLiteral("previousBookmark"), tr("Previous Bookmark"),
        QKeySequence(Qt::SHIFT | Qt::Key_F2), tr("Jump to the previous bookmark"));
    connect(previous, &QAction::triggered, this, [this] {
        if (!goToPreviousBookmark()) message(tr("No bookmark before this step"));
    });
    QAction* panels = make(QStringLiteral("presentationPanels"), tr("Presentation Pa&nels…"), {},
        tr("Choose the panels shown and the step size while presenting"));
    connect(panels, &QAction::triggered, this, [this] { m_presentation->choosePanels(m_window); });

    if (QMenu* file = menuHolding(m_window->action(QStringLiteral("quit")))) {
        QAction* before = m_window->action(QStringLiteral("quit"));
        // Keep the separator above Quit below the session entries.
        const QList<QAction*> actions = file->actions();
        const qsizetype at = actions.indexOf(before);
        if (at > 0 && actions[at - 1]->isSeparator()) before = actions[at - 1];
        file->insertSeparator(before);
        for (QAction* a : { record, open, save, saveAs, recover, compare })
            file->insertAction(before, a);
        connect(file, &QMenu::aboutToShow, recover,
            [recover] { recover->setEnabled(Autosaver::hasRecoverableAutosave(QString())); });
    }
    if (QMenu* view = menuHolding(m_window->action(QStringLiteral("presentation")))) {
        view->addSeparator();
        view->addAction(m_notesDock->toggleViewAction());
        for (QAction* a : { mark, next, previous, panels })
            view->addAction(a);
    }
    if (auto* bar = m_window->findChild<QToolBar*>(QStringLiteral("debugToolBar"))) {
        bar->addSeparator();
        bar->addAction(record);
    }
}

bool SessionUi::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_window || event->type() != QEvent::Close || !m_recorder->hasDocument()) return false;
    if (m_recorder->isModified()) {
        const auto answer = QMessageBox::question(m_window, tr("Unsaved session"),
            tr("The session has notes, bookmarks or a recording that are not saved. Save it before quitting?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !saveInteractively(false))) {
            event->ignore();
            return true;
        }
    }
    // Closed cleanly (saved or deliberately discarded): nothing is left to recover.
    stopRecording();
    m_recorder->autosaver()->discard();
    return false;
}

bool SessionUi::isRecording() const
{
    return m_recorder->isRecording();
}

bool SessionUi::startRecording()
{
    SourceEditor* editor = m_window->sourceEditor();
    const QString source = editor->toPlainText();
    if (source.trimmed().isEmpty()) {
        action(QStringLiteral("recordSession"))->setChecked(false);
        return false;
    }
    const QString path = m_window->sourcePanel()->fileName();
    // The live run stays on screen (with its watches): the same file always gives the same run,
    // so the log recorded here has exactly the events the window shows.
    m_recorder->start(path, source, currentSettings());
    // A recording is of one fixed program: an edit would start a different run.
    editor->setReadOnly(true);
    m_notesDock->show();
    m_notesDock->raise();
    action(QStringLiteral("recordSession"))->setChecked(true);
    message(tr("Recording: step through the run, type notes, bookmark steps (Ctrl+B)"));
    return true;
}

void SessionUi::stopRecording()
{
    m_recorder->setSettings(currentSettings());
    m_recorder->stop();
    m_window->sourceEditor()->setReadOnly(false);
    if (QAction* a = action(QStringLiteral("recordSession"))) a->setChecked(false);
}

bool SessionUi::openSession(const QString& path, QString* error)
{
    Session s;
    if (!SessionFile::open(path, &s, error)) return false;
    const bool isDocument = !path.endsWith(QLatin1String(".trace"), Qt::CaseInsensitive);
    showSession(std::move(s), isDocument ? path : QString(), QFileInfo(path).fileName());
    return true;
}

void SessionUi::showSession(Session session, const QString& documentPath, const QString& title)
{
    if (isRecording()) stopRecording();
    const QString scenario = session.scenarioPath.isEmpty() ? title : session.scenarioPath;
    const QString source = session.source;
    const QJsonObject settings = session.settings;
    auto* timeline = new ReplayTimeline(session.log, session.origin);
    m_recorder->setSession(std::move(session), documentPath);
    m_window->showRecording(scenario, source, timeline);
    m_window->setWindowTitle(tr("%1 (session) — Loopscope").arg(title));
    applySettings(settings);
    m_notesDock->show();
}

bool SessionUi::saveSession(const QString& path, QString* error)
{
    m_recorder->setSettings(currentSettings());
    if (!m_recorder->save(path, error)) return false;
    message(tr("Saved session %1").arg(path));
    return true;
}

bool SessionUi::saveInteractively(bool askName)
{
    if (!m_recorder->hasDocument()) {
        QMessageBox::information(
            m_window, tr("Save session"), tr("There is no session yet: record one first (Ctrl+Shift+R)."));
        return false;
    }
    QString path = m_recorder->documentPath();
    if (askName || path.isEmpty()) {
        const QString suggestion
            = QFileInfo(m_recorder->session().scenarioPath).completeBaseName() + QStringLiteral(".lsn");
        path = QFileDialog::getSaveFileName(m_window, tr("Save session"), suggestion, tr("Sessions (*.lsn)"));
        if (path.isEmpty()) return false;
        if (!path.endsWith(QLatin1String(".lsn"))) path += QStringLiteral(".lsn");
    }
    QString error;
    if (!saveSession(path, &error)) {
        QMessageBox::warning(m_window, tr("Save session"), error);
        return false;
    }
    return true;
}

bool SessionUi::isReplaying() const
{
    return qobject_cast<ReplayTimeline*>(m_window->session()->timeline()) != nullptr;
}

void SessionUi::onTimelineChanged()
{
    // A new live run while recording is the same program re-run (a watch was added): keep going.
    auto* replay = qobject_cast<ReplayTimeline*>(m_window->session()->timeline());
    showUnavailable(replay && !replay->hasProgramState());
}

void SessionUi::showUnavailable(bool unavailable)
{
    for (QLabel* overlay : std::as_const(m_unavailable)) {
        overlay->setVisible(unavailable);
        if (unavailable) overlay->raise();
    }
    m_notes->setUnavailableNote(
        unavailable ? tr("Recorded from real CPython: locals and source lines were not recorded.") : QString());
}

QJsonObject SessionUi::currentSettings() const
{
    QJsonObject s;
    for (const GranularityName& g : kGranularityNames) {
        if (g.granularity == m_presentation->stepGranularity())
            s[QStringLiteral("granularity")] = QString::fromLatin1(g.name);
    }
    QList<int> lines = m_window->sourceEditor()->breakpoints().values();
    std::sort(lines.begin(), lines.end());
    QJsonArray breakpoints;
    for (int line : lines)
        breakpoints.append(line);
    s[QStringLiteral("breakpoints")] = breakpoints;
    const BreakConditions& breaks = m_window->session()->breakConditions();
    s[QStringLiteral("breakOnTimer")] = breaks.timerFires;
    s[QStringLiteral("breakOnException")] = breaks.exception;
    QStringList finishes = breaks.taskFinishes.values();
    finishes.sort();
    s[QStringLiteral("breakOnTaskFinish")] = QJsonArray::fromStringList(finishes);
    s[QStringLiteral("watches")] = QJsonArray::fromStringList(m_window->chartsPanel()->watches());
    // The VM's random module starts from this seed; a program's own random.seed() is in its source.
    s[QStringLiteral("seed")] = qint64(kDefaultRandomSeed);
    return s;
}

void SessionUi::applySettings(const QJsonObject& settings)
{
    const QString g = settings.value(QStringLiteral("granularity")).toString();
    for (const GranularityName& name : kGranularityNames) {
        if (g == QLatin1String(name.name)) m_presentation->setStepGranularity(name.granularity);
    }
    QSet<int> lines;
    for (const QJsonValue& v : settings.value(QStringLiteral("breakpoints")).toArray()) {
        if (v.toInt() > 0) lines.insert(v.toInt());
    }
    m_window->sourceEditor()->setBreakpoints(lines);
    m_window->session()->breakConditions().lines = lines;
    if (QAction* a = m_window->action(QStringLiteral("breakOnTimer")))
        a->setChecked(settings.value(QStringLiteral("breakOnTimer")).toBool());
    if (QAction* a = m_window->action(QStringLiteral("breakOnException")))
        a->setChecked(settings.value(QStringLiteral("breakOnException")).toBool());
    QSet<QString> finishes;
    for (const QJsonValue& v : settings.value(QStringLiteral("breakOnTaskFinish")).toArray())
        finishes.insert(v.toString());
    m_window->session()->breakConditions().taskFinishes = finishes;
    for (const QJsonValue& v : settings.value(QStringLiteral("watches")).toArray())
        m_window->chartsPanel()->addWatch(v.toString());
}

CompareView* SessionUi::openCompare(const QString& left, const QString& right, QString* error)
{
    auto* view = new CompareView(m_window);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    if (!view->openFiles(left, right, error)) {
        delete view;
        return nullptr;
    }
    m_compare = view;
    view->show();
    return view;
}

bool SessionUi::goToNextBookmark()
{
    return m_presentation->jumpToBookmark(true);
}

bool SessionUi::goToPreviousBookmark()
{
    return m_presentation->jumpToBookmark(false);
}

void SessionUi::message(const QString& text)
{
    m_window->statusBar()->showMessage(text, 5000);
}

} // namespace loopscope

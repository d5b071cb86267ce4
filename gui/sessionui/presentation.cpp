#include "presentation.h"

#include "debugsession.h"
#include "loopview.h"
#include "mainwindow.h"
#include "recordcontroller.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace loopscope {

namespace {

enum Command { None, Forward, Back, NextBookmark, PreviousBookmark, Leave };

const char* const kPanelsKey = "presentation/panels";
const char* const kStepKey = "presentation/step";

QStringList defaultPanels()
{
    return { QStringLiteral("sourceDock"), QStringLiteral("tasksDock"), QStringLiteral("consoleDock") };
}

struct StepName {
    Granularity granularity;
    const char* text;
};
const StepName kSteps[] = {
    { Granularity::Event, QT_TRANSLATE_NOOP("PresentationController", "One event") },
    { Granularity::Line, QT_TRANSLATE_NOOP("PresentationController", "One source line") },
    { Granularity::Handle, QT_TRANSLATE_NOOP("PresentationController", "One callback (handle)") },
    { Granularity::Phase, QT_TRANSLATE_NOOP("PresentationController", "One _run_once phase") },
    { Granularity::Iteration, QT_TRANSLATE_NOOP("PresentationController", "One _run_once iteration") },
    { Granularity::TaskLine, QT_TRANSLATE_NOOP("PresentationController", "One line of the same task") },
};

} // namespace

PresentationController::PresentationController(MainWindow* window, RecordController* recorder, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_loopView(window->loopView())
    , m_recorder(recorder)
    , m_caption(new QLabel(window->loopView()))
{
    m_caption->setObjectName(QStringLiteral("presentationCaption"));
    m_caption->setWordWrap(true);
    m_caption->setTextFormat(Qt::PlainText);
    m_caption->setAlignment(Qt::AlignCenter);
    m_caption->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_caption->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(20, 20, 28, 215); color: white; border-radius: 10px; padding: 12px 20px; }"));
    m_caption->hide();
    window->loopView()->installEventFilter(this);

    connect(window, &MainWindow::presentationModeChanged, this, [this](bool on) { on ? enter() : leave(); });
    connect(window->session(), &DebugSession::positionChanged, this, &PresentationController::updateCaption);
    connect(recorder, &RecordController::noteChanged, this, &PresentationController::updateCaption);
    connect(recorder, &RecordController::documentChanged, this, &PresentationController::updateCaption);
}

PresentationController::~PresentationController()
{
    if (m_active) qApp->removeEventFilter(this);
}

QStringList PresentationController::panels() const
{
    return QSettings().value(QLatin1String(kPanelsKey), defaultPanels()).toStringList();
}

void PresentationController::setPanels(const QStringList& dockNames)
{
    QSettings().setValue(QLatin1String(kPanelsKey), dockNames);
    if (!m_active) return;
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly))
        dock->setVisible(dockNames.contains(dock->objectName()));
}

Granularity PresentationController::stepGranularity() const
{
    const int v = QSettings().value(QLatin1String(kStepKey), int(Granularity::Event)).toInt();
    for (const StepName& s : kSteps) {
        if (int(s.granularity) == v) return s.granularity;
    }
    return Granularity::Event;
}

void PresentationController::setStepGranularity(Granularity granularity)
{
    QSettings().setValue(QLatin1String(kStepKey), int(granularity));
}

void PresentationController::choosePanels(QWidget* parent)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(tr("Presentation Panels"));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("Panels shown beside the loop view while presenting:"), &dialog));
    const QStringList chosen = panels();
    QList<QCheckBox*> boxes;
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
        auto* box = new QCheckBox(dock->windowTitle(), &dialog);
        box->setObjectName(dock->objectName());
        box->setChecked(chosen.contains(dock->objectName()));
        layout->addWidget(box);
        boxes << box;
    }
    auto* form = new QFormLayout;
    auto* step = new QComboBox(&dialog);
    for (const StepName& s : kSteps) {
        step->addItem(tr(s.text), int(s.granularity));
        if (s.granularity == stepGranularity()) step->setCurrentIndex(step->count() - 1);
    }
    form->addRow(tr("PageDown / Space steps:"), step);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList names;
    for (QCheckBox* box : std::as_const(boxes)) {
        if (box->isChecked()) names << box->objectName();
    }
    setStepGranularity(Granularity(step->currentData().toInt()));
    setPanels(names);
}

void PresentationController::enter()
{
    if (m_active) return;
    m_active = true;
    m_stateBefore = m_window->windowState();
    m_menuBarVisible = m_window->menuBar()->isVisible();
    m_hiddenToolBars.clear();
    // The room goes to the views: only the scrubbing timeline stays of the chrome.
    for (QToolBar* bar : m_window->findChildren<QToolBar*>(QString(), Qt::FindDirectChildrenOnly)) {
        if (bar->isVisible() && bar->objectName() != QLatin1String("timelineToolBar")) {
            bar->hide();
            m_hiddenToolBars << bar;
        }
    }
    m_window->menuBar()->hide();
    m_window->statusBar()->hide();
    const QStringList chosen = panels();
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly))
        dock->setVisible(chosen.contains(dock->objectName()));
    m_window->showFullScreen();
    qApp->installEventFilter(this);
    updateCaption();
}

void PresentationController::leave()
{
    if (!m_active) return;
    m_active = false;
    qApp->removeEventFilter(this);
    m_caption->hide();
    m_window->menuBar()->setVisible(m_menuBarVisible);
    m_window->statusBar()->show();
    for (QWidget* bar : std::as_const(m_hiddenToolBars))
        bar->show();
    m_hiddenToolBars.clear();
    m_window->setWindowState(m_stateBefore & ~Qt::WindowFullScreen);
}

bool PresentationController::step(bool forward)
{
    DebugSession* s = m_window->session();
    s->pause();
    return forward ? s->stepForward(stepGranularity()) : s->stepBackward(stepGranularity());
}

bool PresentationController::jumpToBookmark(bool forward)
{
    DebugSession* s = m_window->session();
    const auto target = forward ? m_recorder->nextBookmark(s->position()) : m_recorder->previousBookmark(s->position());
    if (!target) return false;
    s->pause();
    s->goTo(qint64(*target));
    return true;
}

int PresentationController::command(QObject* receiver, const QKeyEvent* key) const
{
    auto* widget = qobject_cast<QWidget*>(receiver);
    if (!widget || widget->window() != m_window) return None;
    const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
    // Typing into the note or the source keeps its spaces and letters; the clicker keys still work.
    QWidget* focus = QApplication::focusWidget();
    const auto* text = qobject_cast<QPlainTextEdit*>(focus);
    const bool typing = (text && !text->isReadOnly()) || qobject_cast<QLineEdit*>(focus);
    switch (key->key()) {
    case Qt::Key_PageDown:
        return mods == Qt::NoModifier ? Forward : None;
    case Qt::Key_PageUp:
        return mods == Qt::NoModifier ? Back : None;
    case Qt::Key_Space:
        return mods == Qt::NoModifier && !typing ? Forward : None;
    case Qt::Key_B:
        if (typing) return None;
        if (mods == Qt::NoModifier) return NextBookmark;
        return mods == Qt::ShiftModifier ? PreviousBookmark : None;
    case Qt::Key_Escape:
        return Leave;
    default:
        return None;
    }
}

bool PresentationController::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_loopView && event->type() == QEvent::Resize) {
        placeCaption();
        return false;
    }
    if (!m_active || (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride)) return false;
    const int cmd = command(watched, static_cast<QKeyEvent*>(event));
    if (cmd == None) return false;
    if (event->type() == QEvent::ShortcutOverride) {
        // Claim the key so no shortcut takes it; it comes back as the KeyPress handled below.
        event->accept();
        return true;
    }
    switch (cmd) {
    case Forward:
        step(true);
        break;
    case Back:
        step(false);
        break;
    case NextBookmark:
        jumpToBookmark(true);
        break;
    case PreviousBookmark:
        jumpToBookmark(false);
        break;
    case Leave:
        m_window->setPresentationMode(false);
        break;
    }
    return true;
}

void PresentationController::updateCaption()
{
    const qint64 pos = m_window->session()->position();
    const QString note = pos >= 0 && m_recorder->hasDocument() ? m_recorder->note(quint64(pos)) : QString();
    m_caption->setText(note);
    if (!m_active || note.isEmpty()) {
        m_caption->hide();
        return;
    }
    QFont f = m_window->font();
    f.setPointSizeF(f.pointSizeF() * 1.25);
    m_caption->setFont(f);
    placeCaption();
    m_caption->show();
    m_caption->raise();
}

void PresentationController::placeCaption()
{
    QWidget* host = m_window->loopView();
    const int margin = 16;
    const int width = std::max(100, host->width() - 2 * margin);
    const int height = std::min(m_caption->heightForWidth(width), host->height() / 3);
    m_caption->setGeometry(margin, host->height() - height - margin, width, std::max(height, 10));
}

} // namespace loopscope

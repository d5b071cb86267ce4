#pragma once
// Helpers for the session UI suites: test data paths, a live engine factory, and a textual
// snapshot of what the window shows at one position (views and models), to compare two windows.

#include "debugsession.h"
#include "enginetimeline.h"
#include "handleitem.h"
#include "localsmodel.h"
#include "loopview.h"
#include "mainwindow.h"
#include "outputmodel.h"
#include "sourceeditor.h"
#include "tasklistmodel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QPointer>
#include <QStringList>
#include <QTimer>

namespace loopscope::test {

/// Acts on the next modal dialog of type T once it is really up: polls instead of a single
/// zero timer, which can fire before a loaded machine has shown the dialog.
template <typename T, typename F>
void whenModal(QObject* context, F act)
{
    auto* poll = new QTimer(context);
    poll->setInterval(5);
    QObject::connect(poll, &QTimer::timeout, context, [poll, act] {
        auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible()) return;
        poll->stop();
        poll->deleteLater();
        act(dialog);
    });
    poll->start();
}

inline QString dataPath(const QString& name)
{
    return QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/gui/data/") + name;
}

/// The factory main.cpp installs: every run is a real engine run.
inline Timeline* engineRun(const QString& path, const QString& source)
{
    return new EngineTimeline(path, source);
}

/// Waits for the window's live run to end; false when it shows no engine run.
inline bool finishLiveRun(MainWindow& window)
{
    auto* run = qobject_cast<EngineTimeline*>(window.session()->timeline());
    if (!run) return false;
    run->waitForCompletion();
    return run->isComplete();
}

inline QStringList dumpModel(
    const QAbstractItemModel* model, const QModelIndex& parent = {}, const QString& indent = {})
{
    QStringList out;
    for (int r = 0; r < model->rowCount(parent); ++r) {
        QStringList cells;
        for (int c = 0; c < model->columnCount(parent); ++c)
            cells << model->index(r, c, parent).data().toString();
        out << indent + cells.join(QStringLiteral(" | "));
        out += dumpModel(model, model->index(r, 0, parent), indent + QStringLiteral("  "));
    }
    return out;
}

/// What the window shows after going to `index`: loop view, tasks, output, locals, current line.
inline QStringList viewSnapshot(MainWindow& window, qint64 index)
{
    window.session()->goTo(index);
    window.session()->selectTask(0);
    LoopView* view = window.loopView();
    view->finishAnimations();
    QStringList s;
    s << QStringLiteral("position %1").arg(window.session()->position())
      << QStringLiteral("event %1").arg(window.session()->currentEvent().text)
      << QStringLiteral("clock %1").arg(view->clockText()) << QStringLiteral("selector %1").arg(view->selectorText())
      << QStringLiteral("heap %1").arg(view->heapArrayLabels().join(QLatin1Char('|')))
      << QStringLiteral("phase %1").arg(int(view->litPhase()))
      << QStringLiteral("line %1").arg(window.sourceEditor()->currentLine());
    for (HandleItem* card : view->readyCards())
        s << QStringLiteral("ready %1 %2").arg(card->title(), card->subtitle());
    if (HandleItem* running = view->runningCard()) s << QStringLiteral("running %1").arg(running->title());
    s << QStringLiteral("tasks:") << dumpModel(window.session()->taskModel());
    s << QStringLiteral("output:") << dumpModel(window.session()->outputModel());
    s << QStringLiteral("locals:") << dumpModel(window.session()->localsModel());
    return s;
}

} // namespace loopscope::test

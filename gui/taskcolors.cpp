#include "taskcolors.h"

namespace loopscope {

QColor taskColor(uint64_t taskId)
{
    // Hand-picked hues that stay apart from each other and from the state colours.
    static const QColor palette[] = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd),
        QColor(0xff, 0x7f, 0x0e), QColor(0x17, 0xbe, 0xcf), QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2),
    };
    if (taskId == 0)
        return QColor(0x7f, 0x7f, 0x7f);
    return palette[(taskId - 1) % (sizeof(palette) / sizeof(palette[0]))];
}

QColor nowMarkerColor()
{
    return QColor(0xe0, 0x00, 0xc0);
}

QColor taskStateColor(TaskView::State state)
{
    switch (state) {
    case TaskView::State::Scheduled: return QColor(0xe0, 0xa0, 0x20);
    case TaskView::State::Running: return QColor(0x30, 0xb0, 0x50);
    case TaskView::State::Suspended: return QColor(0x40, 0x80, 0xd0);
    case TaskView::State::Done: return QColor(0x60, 0x90, 0x60);
    case TaskView::State::Cancelled: return QColor(0x90, 0x90, 0x90);
    case TaskView::State::Failed: return QColor(0xd0, 0x40, 0x40);
    }
    return Qt::gray;
}

QString taskStateName(TaskView::State state)
{
    switch (state) {
    case TaskView::State::Scheduled: return QStringLiteral("scheduled");
    case TaskView::State::Running: return QStringLiteral("running");
    case TaskView::State::Suspended: return QStringLiteral("suspended");
    case TaskView::State::Done: return QStringLiteral("done");
    case TaskView::State::Cancelled: return QStringLiteral("cancelled");
    case TaskView::State::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("?");
}

QString taskStateText(const TaskView& task)
{
    switch (task.state) {
    case TaskView::State::Suspended:
        if (!task.awaiting.empty())
            return QStringLiteral("suspended on %1").arg(QString::fromStdString(task.awaiting));
        return QStringLiteral("suspended");
    case TaskView::State::Done:
        if (!task.result.empty())
            return QStringLiteral("done → %1").arg(QString::fromStdString(task.result));
        return QStringLiteral("done");
    case TaskView::State::Failed:
        if (!task.exception.empty())
            return QStringLiteral("failed: %1").arg(QString::fromStdString(task.exception));
        return QStringLiteral("failed");
    default: return taskStateName(task.state);
    }
}

QString phaseTitle(LoopPhase phase)
{
    switch (phase) {
    case LoopPhase::Idle: return QStringLiteral("idle");
    case LoopPhase::PurgeCancelled: return QStringLiteral("purge cancelled");
    case LoopPhase::ComputeTimeout: return QStringLiteral("compute timeout");
    case LoopPhase::Select: return QStringLiteral("select");
    case LoopPhase::ProcessEvents: return QStringLiteral("process events");
    case LoopPhase::MoveDueTimers: return QStringLiteral("move due timers");
    case LoopPhase::RunReady: return QStringLiteral("run ready");
    }
    return QStringLiteral("?");
}

QString handleText(const HandleView& handle)
{
    QString text = QString::fromStdString(handle.callback);
    if (!handle.task.empty())
        text += QLatin1Char(' ') + QString::fromStdString(handle.task);
    if (!handle.argTask.empty())
        text += QStringLiteral(" arg=") + QString::fromStdString(handle.argTask);
    return text;
}

} // namespace loopscope

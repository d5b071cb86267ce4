#include "internalspanel.h"

#include "internalsoutline.h"
#include "sourceeditor.h"
#include "taskcolors.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace loopscope {

namespace {
const AsyncioFunction AllFunctions[] = { AsyncioFunction::RunUntilComplete, AsyncioFunction::RunForever,
    AsyncioFunction::RunOnce, AsyncioFunction::TaskStep, AsyncioFunction::TaskWakeup, AsyncioFunction::FutureAwait,
    AsyncioFunction::Wait, AsyncioFunction::InnerWait, AsyncioFunction::OnCompletion,
    AsyncioFunction::SetResultUnlessCancelled, AsyncioFunction::ReleaseWaiter, AsyncioFunction::RunUntilCompleteCb };

std::optional<StepBranch> branchFor(TaskView::State state, bool afterStep)
{
    switch (state) {
    case TaskView::State::Done: return StepBranch::StopIteration;
    case TaskView::State::Cancelled: return StepBranch::Cancelled;
    case TaskView::State::Failed: return StepBranch::Exception;
    case TaskView::State::Suspended: return afterStep ? std::optional(StepBranch::BlockingFuture) : std::nullopt;
    case TaskView::State::Scheduled: return afterStep ? std::optional(StepBranch::BareYield) : std::nullopt;
    case TaskView::State::Running: return StepBranch::Send;
    }
    return std::nullopt;
}

const TaskView* findTask(const LoopState& state, uint64_t id)
{
    for (const TaskView& t : state.tasks) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

QString outlineKey(LoopPhase phase)
{
    return QStringLiteral("phase%1").arg(int(phase));
}

QString outlineKey(StepBranch branch)
{
    switch (branch) {
    case StepBranch::Send: return QStringLiteral("send");
    case StepBranch::StopIteration: return QStringLiteral("stop");
    case StepBranch::Cancelled: return QStringLiteral("cancelled");
    case StepBranch::Exception: return QStringLiteral("failed");
    case StepBranch::BlockingFuture: return QStringLiteral("blocking");
    case StepBranch::BareYield: return QStringLiteral("bare");
    }
    return {};
}

QString branchCaption(StepBranch branch)
{
    switch (branch) {
    case StepBranch::Send: return QStringLiteral("driving the coroutine (send / throw)");
    case StepBranch::StopIteration: return QStringLiteral("the coroutine returned: StopIteration");
    case StepBranch::Cancelled: return QStringLiteral("CancelledError: the task is cancelled");
    case StepBranch::Exception: return QStringLiteral("an exception escaped: the task failed");
    case StepBranch::BlockingFuture: return QStringLiteral("yielded a future: add __wakeup as its done callback");
    case StepBranch::BareYield: return QStringLiteral("bare yield: call_soon(__step) again");
    }
    return {};
}
} // namespace

InternalsFocus internalsFocus(const LoopState& state, const EventInfo& event)
{
    InternalsFocus focus;
    const uint64_t taskId = event.taskId != 0 ? event.taskId : state.runningTaskId;
    if (event.kind == EventKind::TaskDone || event.kind == EventKind::RunEnd) {
        const TaskView* task = findTask(state, taskId);
        const bool stepped = event.kind == EventKind::TaskDone
            || (state.running && (state.runningHandle.callback == "__step" || state.runningHandle.callback == "__wakeup"))
            || event.text.contains(QLatin1String("__step")) || event.text.contains(QLatin1String("__wakeup"));
        if (task && stepped) {
            focus.function = AsyncioFunction::TaskStep;
            focus.branch = branchFor(task->state, true);
            return focus;
        }
    }
    if (state.running) {
        const std::string& cb = state.runningHandle.callback;
        const TaskView* task = findTask(state, state.runningTaskId);
        if ((cb == "__step" || cb == "__wakeup") && task && task->coro == "wait" && event.kind != EventKind::RunBegin) {
            focus.function = AsyncioFunction::InnerWait;
        } else if (cb == "__step") {
            focus.function = AsyncioFunction::TaskStep;
            focus.branch = StepBranch::Send;
        } else if (cb == "__wakeup") {
            if (event.kind == EventKind::RunBegin) {
                focus.function = AsyncioFunction::TaskWakeup;
            } else {
                focus.function = AsyncioFunction::TaskStep;
                focus.branch = StepBranch::Send;
            }
        } else if (cb == "_on_completion") {
            focus.function = AsyncioFunction::OnCompletion;
        } else if (cb == "_set_result_unless_cancelled") {
            focus.function = AsyncioFunction::SetResultUnlessCancelled;
        } else if (cb == "_release_waiter") {
            focus.function = AsyncioFunction::ReleaseWaiter;
        } else if (cb == "_run_until_complete_cb") {
            focus.function = AsyncioFunction::RunUntilCompleteCb;
        } else {
            focus.function = AsyncioFunction::RunOnce;
            focus.phase = LoopPhase::RunReady;
        }
        return focus;
    }
    if (state.phase != LoopPhase::Idle) {
        focus.function = AsyncioFunction::RunOnce;
        focus.phase = state.phase;
        return focus;
    }
    focus.function = AsyncioFunction::RunUntilComplete;
    return focus;
}

QPair<QString, QString> InternalsPanel::definition(AsyncioFunction function)
{
    const QString base = QStringLiteral("base_events.py");
    const QString tasks = QStringLiteral("tasks.py");
    const QString futures = QStringLiteral("futures.py");
    switch (function) {
    case AsyncioFunction::RunUntilComplete: return { QStringLiteral("run_until_complete"), base };
    case AsyncioFunction::RunForever: return { QStringLiteral("run_forever"), base };
    case AsyncioFunction::RunOnce: return { QStringLiteral("_run_once"), base };
    case AsyncioFunction::TaskStep: return { QStringLiteral("__step"), tasks };
    case AsyncioFunction::TaskWakeup: return { QStringLiteral("__wakeup"), tasks };
    case AsyncioFunction::FutureAwait: return { QStringLiteral("__await__"), futures };
    case AsyncioFunction::Wait: return { QStringLiteral("wait"), tasks };
    case AsyncioFunction::InnerWait: return { QStringLiteral("_wait"), tasks };
    case AsyncioFunction::OnCompletion: return { QStringLiteral("_on_completion"), tasks };
    case AsyncioFunction::SetResultUnlessCancelled: return { QStringLiteral("_set_result_unless_cancelled"), futures };
    case AsyncioFunction::ReleaseWaiter: return { QStringLiteral("_release_waiter"), tasks };
    case AsyncioFunction::RunUntilCompleteCb: return { QStringLiteral("_run_until_complete_cb"), base };
    }
    return {};
}

QString InternalsPanel::title(AsyncioFunction function)
{
    switch (function) {
    case AsyncioFunction::RunUntilComplete: return QStringLiteral("BaseEventLoop.run_until_complete");
    case AsyncioFunction::RunForever: return QStringLiteral("BaseEventLoop.run_forever");
    case AsyncioFunction::RunOnce: return QStringLiteral("BaseEventLoop._run_once");
    case AsyncioFunction::TaskStep: return QStringLiteral("Task.__step");
    case AsyncioFunction::TaskWakeup: return QStringLiteral("Task.__wakeup");
    case AsyncioFunction::FutureAwait: return QStringLiteral("Future.__await__");
    case AsyncioFunction::Wait: return QStringLiteral("asyncio.wait");
    case AsyncioFunction::InnerWait: return QStringLiteral("asyncio._wait");
    case AsyncioFunction::OnCompletion: return QStringLiteral("_wait.<locals>._on_completion");
    case AsyncioFunction::SetResultUnlessCancelled: return QStringLiteral("futures._set_result_unless_cancelled");
    case AsyncioFunction::ReleaseWaiter: return QStringLiteral("tasks._release_waiter");
    case AsyncioFunction::RunUntilCompleteCb: return QStringLiteral("base_events._run_until_complete_cb");
    }
    return {};
}

InternalsPanel::InternalsPanel(QWidget* parent)
    : QWidget(parent)
    , m_source(new AsyncioSource(this))
    , m_editor(new SourceEditor(this))
    , m_picker(new QComboBox(this))
    , m_origin(new QLabel(this))
    , m_caption(new QLabel(this))
{
    m_editor->setReadOnly(true);
    m_editor->setBreakpointsEnabled(false);
    m_picker->addItem(tr("Follow execution"));
    for (AsyncioFunction f : AllFunctions)
        m_picker->addItem(title(f), int(f));
    m_origin->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = m_origin->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_origin->setFont(small);
    QFont bold = m_caption->font();
    bold.setBold(true);
    m_caption->setFont(bold);

    m_origin->setWordWrap(false);
    m_caption->setWordWrap(false);
    m_caption->setMinimumWidth(1);
    m_origin->setMinimumWidth(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(m_picker);
    layout->addWidget(m_caption);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_origin);

    connect(m_picker, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_source, &AsyncioSource::located, this, [this] { refresh(); });
    refresh();
}

AsyncioSource* InternalsPanel::source() const
{
    return m_source;
}

SourceEditor* InternalsPanel::editor() const
{
    return m_editor;
}

bool InternalsPanel::showsCPython() const
{
    return m_source->isLoaded();
}

InternalsFocus InternalsPanel::focus() const
{
    return m_focus;
}

void InternalsPanel::locateCPython(const QString& python)
{
    m_source->locate(python);
    refresh();
}

void InternalsPanel::showState(const LoopState& state, const EventInfo& event)
{
    showFocus(internalsFocus(state, event));
}

void InternalsPanel::showFocus(const InternalsFocus& focus)
{
    if (m_haveFocus && focus == m_focus)
        return;
    m_focus = focus;
    m_haveFocus = true;
    refresh();
}

void InternalsPanel::refresh()
{
    InternalsFocus focus = m_focus;
    if (m_picker->currentIndex() > 0) {
        const auto picked = AsyncioFunction(m_picker->currentData().toInt());
        if (picked != focus.function)
            focus = InternalsFocus { picked, LoopPhase::Idle, std::nullopt };
    }
    const auto [name, file] = definition(focus.function);

    QString caption = title(focus.function);
    if (focus.function == AsyncioFunction::RunOnce && focus.phase != LoopPhase::Idle)
        caption += tr(" — phase %1: %2").arg(int(focus.phase)).arg(phaseTitle(focus.phase));
    if (focus.branch)
        caption += QStringLiteral(" — ") + branchCaption(*focus.branch);
    m_caption->setText(caption);
    m_caption->setToolTip(caption);

    const FunctionSource f = m_source->isLoaded() ? m_source->function(file, name) : FunctionSource {};
    if (!f.isValid()) {
        // Loopscope's outline, sections marked "#@key".
        const QStringList raw = detail::internalsOutline(name).split(QLatin1Char('\n'));
        QStringList shown;
        QHash<QString, QPair<int, int>> sections;
        QString open;
        for (const QString& line : raw) {
            if (line.startsWith(QLatin1String("#@"))) {
                open = line.mid(2).trimmed();
                sections[open] = { int(shown.size()) + 1, int(shown.size()) };
                continue;
            }
            shown << line;
            if (!open.isEmpty())
                sections[open].second = int(shown.size());
        }
        while (!shown.isEmpty() && shown.back().isEmpty())
            shown.removeLast();
        m_editor->setSource(shown.join(QLatin1Char('\n')));
        m_editor->setFirstLineNumber(1);
        QString key;
        if (focus.function == AsyncioFunction::RunOnce && focus.phase != LoopPhase::Idle)
            key = outlineKey(focus.phase);
        else if (focus.branch)
            key = outlineKey(*focus.branch);
        const auto range = sections.value(key, { 0, 0 });
        m_editor->setHighlightedLines(range.first, range.second);
        m_origin->setText(m_source->isLoaded()
                ? tr("%1 not found in %2; showing Loopscope's outline").arg(name, m_source->directory())
                : m_source->isLocating() ? tr("Loopscope's outline (looking for your CPython…)")
                                         : tr("Loopscope's outline (no CPython asyncio found)"));
        return;
    }

    const QString text = f.lines.join(QLatin1Char('\n'));
    if (m_editor->toPlainText() != text || m_editor->firstLineNumber() != f.firstLine) {
        m_editor->setSource(text);
        m_editor->setFirstLineNumber(f.firstLine);
    }
    LineRange range;
    if (focus.function == AsyncioFunction::RunOnce && focus.phase != LoopPhase::Idle)
        range = m_source->phaseLines(focus.phase);
    else if (focus.branch)
        range = m_source->stepBranchLines(*focus.branch);
    if (range.isValid())
        m_editor->setHighlightedLines(range.first - f.firstLine + 1, range.last - f.firstLine + 1);
    else
        m_editor->setHighlightedLines(0, 0);
    m_origin->setToolTip(f.file);
    m_origin->setText(tr("%1 — %2:%3").arg(m_source->versionText().isEmpty() ? tr("your CPython") : m_source->versionText(),
        f.file).arg(f.firstLine));
}

} // namespace loopscope

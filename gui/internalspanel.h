#pragma once
// InternalsPanel: the asyncio function executing now (_run_once with its phase, Task.__step and
// its branch, __wakeup, run_until_complete …), from the user's own CPython when it is installed,
// else from Loopscope's own outline of each function.

#include <QWidget>

#include "asynciosource.h"
#include "timeline.h"

class QComboBox;
class QLabel;

namespace loopscope {

class SourceEditor;

/// The asyncio functions the panel can show.
enum class AsyncioFunction : uint8_t {
    RunUntilComplete,
    RunForever,
    RunOnce,
    TaskStep,
    TaskWakeup,
    FutureAwait,
    Wait,
    InnerWait,
    OnCompletion,
    SetResultUnlessCancelled,
    ReleaseWaiter,
    RunUntilCompleteCb,
};

/// What the panel highlights for one state.
struct InternalsFocus {
    AsyncioFunction function = AsyncioFunction::RunUntilComplete;
    LoopPhase phase = LoopPhase::Idle; ///< RunOnce only
    std::optional<StepBranch> branch; ///< TaskStep only
    bool operator==(const InternalsFocus&) const = default;
};

/// The function executing in `state` at `event`: a display mapping, no loop behaviour.
InternalsFocus internalsFocus(const LoopState& state, const EventInfo& event);

/// Shows asyncio's own code with the executing part lit.
class InternalsPanel : public QWidget {
    Q_OBJECT
public:
    explicit InternalsPanel(QWidget* parent = nullptr);

    /// Follows `state` at `event` (unless the user picked a function by hand).
    void showState(const LoopState& state, const EventInfo& event);
    /// Shows `focus` now.
    void showFocus(const InternalsFocus& focus);
    /// Starts looking for CPython (asynchronously); the panel switches to it when found.
    void locateCPython(const QString& python = QStringLiteral("python3"));
    AsyncioSource* source() const;
    SourceEditor* editor() const;
    /// True when showing CPython's text, false when showing Loopscope's outline.
    bool showsCPython() const;
    /// The focus shown now.
    InternalsFocus focus() const;
    /// (def name, file) of `function`, e.g. ("_run_once", "base_events.py").
    static QPair<QString, QString> definition(AsyncioFunction function);
    /// "BaseEventLoop._run_once", "Task.__step" …
    static QString title(AsyncioFunction function);

private:
    void refresh();
    void showOutline();

    AsyncioSource* m_source;
    SourceEditor* m_editor;
    QComboBox* m_picker;
    QLabel* m_origin;
    QLabel* m_caption;
    InternalsFocus m_focus;
    bool m_haveFocus = false;
};

} // namespace loopscope

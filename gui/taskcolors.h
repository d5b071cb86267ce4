#pragma once
// One colour per task, stable across the whole run, shared by every panel that marks a task.

#include <QColor>
#include <QString>

#include <loopscope/debug/loopstate.h>

namespace loopscope {

/// The colour that marks the task with `taskId` everywhere (source gutter, cards, lanes).
QColor taskColor(uint64_t taskId);
/// Colour of a task state ("suspended" blue, "done" green …), readable on light and dark palettes.
QColor taskStateColor(TaskView::State state);
/// The "now" marker over the task lanes: a magenta that none of the state colours is near, bright
/// enough on a dark chart and dark enough on a light one.
QColor nowMarkerColor();
/// "scheduled", "running", "suspended on Future-3", "done → 42", "cancelled", "failed: ValueError".
QString taskStateText(const TaskView& task);
/// Lowercase name of a state alone: "scheduled", "running", "suspended", "done", "cancelled", "failed".
QString taskStateName(TaskView::State state);
/// The phase as the strip names it: "purge cancelled", "compute timeout", … ("idle" outside _run_once).
QString phaseTitle(LoopPhase phase);
/// "__step Task-1", "_on_completion arg=Task-1", "_set_result_unless_cancelled".
QString handleText(const HandleView& handle);

} // namespace loopscope

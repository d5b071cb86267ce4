#pragma once
// Answers the core's question "where does the installed CPython define this asyncio function?"
// (Future/Task/Handle reprs show ` at …/asyncio/tasks.py:764` for asyncio's own callbacks) by
// asking python3 where asyncio lives, once, and finding each `def` in its source text.

#include <QString>
#include <loopscope/asyncio/handle.h>
#include <optional>

namespace loopscope {

/// The 1-based line of the `def` of `qualname` ("gather.<locals>._done_callback": the nested def
/// after the top-level one) in `lines`, if found.
std::optional<int> findDefinitionLine(const QStringList& lines, const QString& qualname);

/// Installs a locator that asks `python` (on first need, synchronously, on whichever thread runs
/// the engine) for its asyncio directory; with no such interpreter reprs stay without locations.
void installPythonAsyncioLocator(const QString& python = QStringLiteral("python3"));

} // namespace loopscope

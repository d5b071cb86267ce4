#pragma once
// Loopscope's own outline of each asyncio function, shown when no CPython is installed.
// Written in our words; marked sections ("@phase 3", "@branch blocking") map the highlights.

#include <QString>

namespace loopscope::detail {

/// The outline of the function whose def name is `name`, or empty.
QString internalsOutline(const QString& name);

} // namespace loopscope::detail

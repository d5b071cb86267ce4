#pragma once
// The qrc is compiled into the static loopscope_gui library: its initializer must be referenced
// explicitly or the linker drops it.

namespace loopscope {

/// Registers the GUI's resources (icons, built-in scenarios); safe to call more than once.
void ensureResources();

} // namespace loopscope

#pragma once
// Parts of the stdlib written in Python and compiled by the VM at import: whole modules
// (contextlib) and additions run in a native module's namespace (functools.total_ordering).

#include <string_view>
#include <vector>

namespace loopscope {

/// The Python source run in module `name`'s namespace on import, or empty when there is none.
std::string_view pythonModuleSource(std::string_view name) noexcept;
/// The modules that have Python source (some of them also have a native part).
std::vector<std::string_view> pythonModuleNames();
/// The pseudo file name library code is compiled under ("<frozen functools>").
bool isLibraryFilename(std::string_view filename) noexcept;

} // namespace loopscope

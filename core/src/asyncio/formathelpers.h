#pragma once
// What asyncio's reprs are made of (format_helpers.py and the reprlib.repr they call): one place,
// so Future, Task and Handle reprs abbreviate and locate callbacks the way CPython 3.11 does.

#include <loopscope/runtime/object.h>

#include <string>
#include <vector>

namespace loopscope::detail::asyncioimpl {

/// reprlib.repr(o) with reprlib.Repr's defaults: long strings, ints and other reprs keep their
/// ends around "...", containers show their first items.
std::string reprlibRepr(Object* o);

/// "(a, b, k=v)" of reprlib reprs: format_helpers._format_args_and_kwargs.
std::string formatArgs(const std::vector<Ref<Object>>& args, Object* kwargs = nullptr);

/// format_helpers._format_callback for a Python callable: functools.partial unwrapped into its
/// function with its arguments, then `args`; named by __qualname__.
std::string formatPythonCallback(Object* callable, const std::vector<Ref<Object>>& args);

} // namespace loopscope::detail::asyncioimpl

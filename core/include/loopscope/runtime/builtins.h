#pragma once
// The `builtins` namespace (print, len, range, the built-in types and exception classes, …) and the
// per-run output sink print() writes to.

#include <loopscope/runtime/runtime.h>

#include <string_view>

namespace loopscope {

/// Receives everything print() writes (already joined with sep/end).
using OutputSink = void (*)(void* ctx, std::string_view text);

/// Routes print() output on this thread to `sink` (null: back to stdout).
void setOutputSink(OutputSink sink, void* ctx);
/// Writes text to the current thread's output sink.
void writeOutput(std::string_view text);

/// A new dict with every builtin name (functions, types, exceptions, None/True/False/…), except the
/// VM's own: __build_class__, globals, locals, exec, eval, compile, __import__ and zero-argument vars()/dir().
Ref<DictObject> makeBuiltinsDict();

} // namespace loopscope

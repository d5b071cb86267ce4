#pragma once
// ChromeExport: a step range of a session as a Chrome trace (the JSON Perfetto and
// chrome://tracing open). Timestamps are virtual time in microseconds; events that share one
// virtual instant are spread 1 µs apart so the viewer keeps their order (see
// docs/session-format.md, "Chrome trace export").

#include "session.h"

#include <QJsonDocument>

namespace loopscope {

class ChromeExport {
public:
    /// The gap put between consecutive events that happen at the same virtual time.
    static constexpr double kEpsilonMicros = 1.0;
    /// Thread id of the loop's lane; task N is on lane kFirstTaskLane + N - 1.
    static constexpr int kLoopLane = 1;
    static constexpr int kFirstTaskLane = 2;

    /// Events [from, to] of the session's log (clamped to it) as {"traceEvents": [...]}:
    /// one lane per task created up to `to` (its __step slices, and "ready" and
    /// "suspended" slices between them), one lane for the loop (iterations, phases nested in
    /// them, handle runs nested in those), instants for timers, output and the end of the run.
    static QJsonDocument toJson(const Session& session, quint64 from, quint64 to);
    /// Writes toJson() to `path` atomically.
    static bool write(const Session& session, quint64 from, quint64 to, const QString& path, QString* error);
};

} // namespace loopscope

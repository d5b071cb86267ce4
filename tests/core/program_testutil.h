#pragma once
// Runs a whole scenario program on the Engine and keeps what it printed: the fixture of the suites
// whose cases are programs with the output python3 printed for them.

#include <loopscope/engine.h>

#include <QString>
#include <QTest>

#include <string>
#include <string_view>
#include <utility>

namespace loopscope::testutil {

/// Collects the program's stdout.
class Capture final : public Observer {
public:
    void output(std::string_view text) override { out.append(text); }
    std::string out;
};

struct ProgramOutcome {
    RunResult result;
    std::string out;
};

inline ProgramOutcome runProgram(const std::string& source, EngineOptions options = {})
{
    Engine engine(std::move(options));
    Capture capture;
    engine.attach(&capture);
    ProgramOutcome o;
    o.result = engine.run(source, "prog.py");
    o.out = capture.out;
    return o;
}

/// Runs `source` and checks that it completes and prints exactly `expected` (QTest-failing otherwise).
inline void verifyPrints(const QString& source, const QString& expected)
{
    const ProgramOutcome o = runProgram(source.toStdString());
    QVERIFY2(o.result.status == RunResult::Status::Completed, qPrintable(QString::fromStdString(o.result.traceback)));
    QCOMPARE(QString::fromStdString(o.out), expected);
}

} // namespace loopscope::testutil

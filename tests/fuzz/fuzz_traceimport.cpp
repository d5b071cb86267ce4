// libFuzzer target: arbitrary bytes as a canonical trace (SessionFile::importTraceText, the
// in-memory form of SessionFile::importTrace). Errors must name a line; nothing may crash.
#include "session.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text = QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                                    static_cast<qsizetype>(size));
    loopscope::Session session;
    QString error;
    const bool ok = loopscope::SessionFile::importTraceText(text, &session, &error);
    if (!ok && error.isEmpty())
        std::abort(); // a refusal must say why
    return 0;
}

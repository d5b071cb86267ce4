// libFuzzer target: arbitrary bytes as a session file (SessionFile::fromBytes, the in-memory form
// of SessionFile::load). It must refuse corrupt, truncated and newer files with a message.
#include "session.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data),
                                                     static_cast<qsizetype>(size));
    loopscope::Session session;
    QString error;
    const bool ok = loopscope::SessionFile::fromBytes(bytes, &session, &error);
    if (!ok && error.isEmpty())
        std::abort(); // a refusal must say why
    if (ok) {
        // What loaded must save again (the round trip the app does on "Save").
        const QByteArray again = loopscope::SessionFile::toBytes(session);
        if (again.isEmpty())
            std::abort();
    }
    return 0;
}

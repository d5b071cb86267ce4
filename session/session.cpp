#include "session.h"

#include "binarycodec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>
#include <map>
#include <unordered_map>

namespace loopscope {

using detail::ByteReader;
using detail::ByteWriter;

namespace {

constexpr char kMagic[4] = { 'L', 'S', 'N', '1' };
constexpr int kHeaderSize = 16;
constexpr const char* kLoopscopeVersion = "0.1.0";

// Section tags, four ASCII bytes each.
constexpr char kMeta[] = "META";
constexpr char kStrings[] = "STRS";
constexpr char kHandles[] = "HNDL";
constexpr char kTasks[] = "TASK";
constexpr char kEvents[] = "EVNT";
constexpr char kMoves[] = "MOVE";
constexpr char kLocals[] = "LOCL"; // optional: absent means no locals were recorded
constexpr char kWatches[] = "WTCH"; // optional (format 1.1): absent means no watch expressions

// Event field-presence bits (the byte after the kind).
enum : uint8_t {
    HasText = 1 << 0,
    HasText2 = 1 << 1,
    HasA = 1 << 2,
    HasB = 1 << 3,
    HasX = 1 << 4,
    XIsInteger = 1 << 5, // x is a whole number in [0, 2^53): stored as a varint
    ClockChanged = 1 << 6, // the new clock follows as f64; otherwise it is the previous event's
    HasMoves = 1 << 7,
};

// Ids are per-run counters: a handle or task id far beyond the number of events is damage, and
// refusing it keeps a corrupt file from making the loader allocate gigabytes.
constexpr uint64_t kIdSlack = 1024;
constexpr uint64_t kMaxHeapIndex = 1u << 26;
constexpr qsizetype kMaxSectionBytes = qsizetype(1) << 30;

bool sameBits(double a, double b) { return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b); }

bool isSmallWhole(double x)
{
    return std::isfinite(x) && x >= 0 && x < 9007199254740992.0 && x == std::floor(x) && !std::signbit(x);
}

bool mayHaveMoves(RecordKind k) { return k == RecordKind::Timer || k == RecordKind::Due || k == RecordKind::Purge; }

// Collects the strings a log uses into a dense table of its own, so the file never depends on
// how the log happened to intern.
class StringTable {
public:
    StringTable() { m_strings.append(QByteArray()); }
    uint32_t fromLog(const EventLog& log, uint32_t logIndex)
    {
        if (logIndex == 0) return 0;
        auto it = m_fromLog.find(logIndex);
        if (it != m_fromLog.end()) return it->second;
        uint32_t index = add(log.string(logIndex));
        m_fromLog.emplace(logIndex, index);
        return index;
    }
    uint32_t add(const std::string& s)
    {
        if (s.empty()) return 0;
        auto it = m_byText.find(s);
        if (it != m_byText.end()) return it->second;
        auto index = static_cast<uint32_t>(m_strings.size());
        m_strings.append(QByteArray::fromStdString(s));
        m_byText.emplace(s, index);
        return index;
    }
    const QList<QByteArray>& strings() const { return m_strings; }

private:
    QList<QByteArray> m_strings;
    std::unordered_map<uint32_t, uint32_t> m_fromLog;
    std::unordered_map<std::string, uint32_t> m_byText;
};

void appendSection(QByteArray& file, const char* tag, const QByteArray& payload)
{
    QByteArray compressed = qCompress(payload, 6);
    file.append(tag, 4);
    ByteWriter w;
    w.u32(static_cast<uint32_t>(compressed.size()));
    file.append(w.data());
    file.append(compressed);
}

struct Fail {
    QString* error;
    bool operator()(const QString& message) const
    {
        if (error) *error = message;
        return false;
    }
};

} // namespace

std::shared_ptr<StateFold> SessionFile::prepareFold(std::shared_ptr<EventLog> log)
{
    struct Owned {
        std::shared_ptr<EventLog> log;
        StateFold fold;
    };
    if (!log) return {};
    const EventLog& ref = *log;
    auto owned = std::make_shared<Owned>(Owned { std::move(log), StateFold(ref) });
    owned->fold.prepare(ref.size());
    return std::shared_ptr<StateFold>(owned, &owned->fold);
}

QByteArray SessionFile::toBytes(const Session& session)
{
    static const EventLog emptyLog;
    const EventLog& log = session.log ? *session.log : emptyLog;
    const size_t count = log.size(); // the recorder may append meanwhile: save what exists now

    StringTable strings;
    ByteWriter events;
    ByteWriter moves;
    ByteWriter locals;
    uint64_t localsCount = 0;
    uint64_t lastLocals = 0;
    uint64_t moveCount = 0;
    std::vector<uint64_t> handleIds, taskIds;
    std::vector<bool> seenHandle, seenTask;
    auto note = [](std::vector<uint64_t>& ids, std::vector<bool>& seen, uint64_t id) {
        if (id == 0 || id > (uint64_t(1) << 32)) return;
        if (seen.size() <= id) seen.resize(id + 1);
        if (!seen[id]) {
            seen[id] = true;
            ids.push_back(id);
        }
    };

    events.varint(count);
    double clock = 0.0;
    for (size_t i = 0; i < count; ++i) {
        RecordedEvent e = log.event(i);
        uint8_t mask = 0;
        uint32_t text = strings.fromLog(log, e.text);
        uint32_t text2 = strings.fromLog(log, e.text2);
        if (text) mask |= HasText;
        if (text2) mask |= HasText2;
        if (e.a) mask |= HasA;
        if (e.b) mask |= HasB;
        if (!sameBits(e.x, 0.0)) mask |= HasX | (isSmallWhole(e.x) ? XIsInteger : 0);
        if (!sameBits(e.clock, clock)) mask |= ClockChanged;
        if (e.movesCount) mask |= HasMoves;
        events.byte(static_cast<uint8_t>(e.kind));
        events.byte(mask);
        if (mask & HasText) events.varint(text);
        if (mask & HasText2) events.varint(text2);
        if (mask & HasA) events.varint(e.a);
        if (mask & HasB) events.varint(e.b);
        if (mask & HasX) (mask & XIsInteger) ? events.varint(static_cast<uint64_t>(e.x)) : events.f64(e.x);
        if (mask & ClockChanged) events.f64(e.clock);
        clock = e.clock;
        if (mask & HasMoves) {
            std::vector<HeapMove> ms = log.moves(e);
            events.varint(ms.size());
            for (const HeapMove& m : ms) {
                moves.byte(static_cast<uint8_t>(m.kind));
                moves.varint(m.from);
                if (m.kind == HeapMove::Kind::Moved) moves.varint(m.to);
            }
            moveCount += ms.size();
        }
        if (e.kind == RecordKind::Line && log.hasLocals(i)) {
            auto vars = log.localsAt(i);
            locals.varint(i - lastLocals); // delta from the previous entry (the first from 0)
            lastLocals = i;
            locals.varint(vars.size());
            for (const auto& [name, repr] : vars) {
                locals.varint(strings.add(name));
                locals.varint(strings.add(repr));
            }
            ++localsCount;
        }
        if (isHandleEvent(e.kind)) note(handleIds, seenHandle, e.a);
        if (isTaskEvent(e.kind) || e.kind == RecordKind::Line || e.kind == RecordKind::Error)
            note(taskIds, seenTask, e.a);
    }

    ByteWriter handles;
    handles.varint(handleIds.size());
    for (uint64_t id : handleIds) {
        RecordedHandle h = log.handle(id);
        note(taskIds, seenTask, h.taskId);
        handles.varint(id);
        handles.varint(strings.add(h.callback));
        handles.varint(strings.add(h.task));
        handles.varint(strings.add(h.argTask));
        handles.varint(h.taskId);
        handles.byte(h.timer ? 1 : 0);
        handles.f64(h.when);
    }
    ByteWriter tasks;
    tasks.varint(taskIds.size());
    for (uint64_t id : taskIds) {
        RecordedTask t = log.task(id);
        tasks.varint(id);
        tasks.varint(strings.add(t.name));
        tasks.varint(strings.add(t.coro));
    }
    // Watch values: each expression, then only the changes of its value (as the log keeps them).
    const std::vector<std::string> watchList = log.watches();
    ByteWriter watchBytes;
    watchBytes.varint(watchList.size());
    for (size_t w = 0; w < watchList.size(); ++w) {
        watchBytes.varint(strings.add(watchList[w]));
        const std::vector<WatchSample> samples = log.watchSamples(w, count);
        watchBytes.varint(samples.size());
        uint64_t last = 0;
        for (const WatchSample& sample : samples) {
            watchBytes.varint(sample.event - last); // delta from the previous sample (the first from 0)
            last = sample.event;
            watchBytes.byte(uint8_t((sample.error ? 1 : 0) | (sample.numeric ? 2 : 0)));
            watchBytes.varint(strings.add(sample.text));
            if (sample.numeric) watchBytes.f64(sample.number);
        }
    }
    ByteWriter stringBytes;
    stringBytes.varint(strings.strings().size());
    for (const QByteArray& s : strings.strings()) stringBytes.string(s);
    ByteWriter localsBytes;
    localsBytes.varint(localsCount);
    localsBytes.bytes(locals.data());
    ByteWriter moveBytes;
    moveBytes.varint(moveCount);
    moveBytes.bytes(moves.data());

    QJsonObject meta;
    meta["scenarioPath"] = session.scenarioPath;
    meta["source"] = session.source;
    meta["settings"] = session.settings;
    QJsonArray bookmarks;
    for (const Bookmark& b : session.bookmarks)
        bookmarks.append(QJsonObject { { "event", QString::number(b.eventIndex) }, { "title", b.title } });
    meta["bookmarks"] = bookmarks;
    QJsonObject notes;
    for (auto it = session.notes.begin(); it != session.notes.end(); ++it) notes[QString::number(it.key())] = it.value();
    meta["notes"] = notes;
    meta["origin"] = session.origin;
    meta["loopscopeVersion"] = QString::fromLatin1(kLoopscopeVersion);
    meta["eventCount"] = QString::number(count);
    // A log still recording is saved as unfinished, whatever it becomes later.
    const bool finished = log.finished() && log.size() == count;
    meta["finished"] = finished;
    if (finished) meta["finishReason"] = QString::fromStdString(log.finishReason());

    QByteArray file(kMagic, 4);
    ByteWriter header;
    header.u16(kFormatMajor);
    header.u16(kFormatMinor);
    header.u32(0); // flags: none defined in format 1
    header.u32(6 + (localsCount ? 1 : 0) + (watchList.empty() ? 0 : 1)); // section count
    file.append(header.data());
    appendSection(file, kMeta, QJsonDocument(meta).toJson(QJsonDocument::Compact));
    appendSection(file, kStrings, stringBytes.data());
    appendSection(file, kHandles, handles.data());
    appendSection(file, kTasks, tasks.data());
    appendSection(file, kEvents, events.data());
    appendSection(file, kMoves, moveBytes.data());
    if (localsCount) appendSection(file, kLocals, localsBytes.data());
    if (!watchList.empty()) appendSection(file, kWatches, watchBytes.data());
    return file;
}

bool SessionFile::save(const Session& session, const QString& path, QString* error)
{
    Fail fail { error };
    QByteArray bytes = toBytes(session);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        file.cancelWriting();
        return fail(QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()));
    }
    if (!file.commit()) return fail(QStringLiteral("Cannot save %1: %2").arg(path, file.errorString()));
    return true;
}

bool SessionFile::load(const QString& path, Session* out, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("Cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    QByteArray bytes = file.readAll();
    return fromBytes(bytes, out, error);
}

bool SessionFile::open(const QString& path, Session* out, QString* error)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && file.peek(4) != QByteArray(kMagic, 4) && path.endsWith(QLatin1String(".trace")))
        return importTrace(path, out, error);
    return load(path, out, error);
}

bool SessionFile::fromBytes(const QByteArray& bytes, Session* out, QString* error)
{
    Fail fail { error };
    if (bytes.isEmpty()) return fail(QStringLiteral("The session file is empty."));
    if (bytes.size() < 4 || memcmp(bytes.constData(), kMagic, 4) != 0)
        return fail(QStringLiteral("This is not a Loopscope session file (it does not start with \"LSN1\")."));
    ByteReader r(bytes);
    QByteArray skip;
    r.bytes(4, &skip);
    uint16_t major = 0, minor = 0;
    uint32_t flags = 0, sectionCount = 0;
    if (!r.u16(&major) || !r.u16(&minor) || !r.u32(&flags) || !r.u32(&sectionCount))
        return fail(QStringLiteral("The session file is truncated: its %1-byte header is incomplete (%2 bytes).")
                        .arg(kHeaderSize)
                        .arg(bytes.size()));
    if (major > kFormatMajor)
        return fail(QStringLiteral("This session was written by a newer Loopscope (format %1; this build reads up to %2).")
                        .arg(major)
                        .arg(kFormatMajor));
    if (major == 0) return fail(QStringLiteral("The session file is damaged: format version 0 does not exist."));

    // Gather the sections; unknown tags (from newer minors) are skipped unread.
    QMap<QByteArray, QByteArray> sections;
    for (uint32_t s = 0; s < sectionCount; ++s) {
        QByteArray tag, compressed;
        uint32_t length = 0;
        if (!r.bytes(4, &tag) || !r.u32(&length))
            return fail(QStringLiteral("The session file is truncated: section %1 of %2 is missing.").arg(s + 1).arg(sectionCount));
        if (length > r.remaining())
            return fail(QStringLiteral("The session file is truncated: section %1 needs %2 bytes but only %3 remain.")
                            .arg(QString::fromLatin1(tag.toHex()), QString::number(length), QString::number(r.remaining())));
        r.bytes(length, &compressed);
        if (tag != kMeta && tag != kStrings && tag != kHandles && tag != kTasks && tag != kEvents && tag != kMoves
            && tag != kLocals && tag != kWatches)
            continue;
        if (sections.contains(tag)) return fail(QStringLiteral("The session file is damaged: section %1 appears twice.").arg(QString::fromLatin1(tag)));
        // qCompress's 4-byte big-endian size prefix: refuse absurd sizes before allocating.
        if (compressed.size() < 4) return fail(QStringLiteral("The session file is damaged: section %1 is too short.").arg(QString::fromLatin1(tag)));
        const auto* p = reinterpret_cast<const uint8_t*>(compressed.constData());
        qsizetype claimed = (qsizetype(p[0]) << 24) | (qsizetype(p[1]) << 16) | (qsizetype(p[2]) << 8) | qsizetype(p[3]);
        if (claimed > kMaxSectionBytes || claimed > (compressed.size() - 4) * 1100 + 64)
            return fail(QStringLiteral("The session file is damaged: section %1 claims an impossible size.").arg(QString::fromLatin1(tag)));
        QByteArray payload = claimed == 0 ? QByteArray() : qUncompress(compressed);
        if (payload.size() != claimed)
            return fail(QStringLiteral("The session file is damaged: section %1 does not decompress.").arg(QString::fromLatin1(tag)));
        sections.insert(tag, payload);
    }
    for (const char* required : { kMeta, kStrings, kHandles, kTasks, kEvents, kMoves })
        if (!sections.contains(required))
            return fail(QStringLiteral("The session file is truncated or damaged: its %1 section is missing.").arg(QString::fromLatin1(required)));

    auto damaged = [&](const char* section, const QString& what) {
        return fail(QStringLiteral("The session file is damaged (%1 section): %2.").arg(QString::fromLatin1(section), what));
    };

    // Metadata.
    QJsonParseError jsonError;
    QJsonDocument metaDoc = QJsonDocument::fromJson(sections[kMeta], &jsonError);
    if (jsonError.error != QJsonParseError::NoError || !metaDoc.isObject())
        return damaged(kMeta, QStringLiteral("the metadata is not a JSON object"));
    QJsonObject meta = metaDoc.object();
    bool countOk = false;
    const uint64_t eventCount = meta["eventCount"].toString().toULongLong(&countOk);
    if (!countOk) return damaged(kMeta, QStringLiteral("the event count is missing"));

    // Strings.
    ByteReader sr(sections[kStrings]);
    uint64_t stringCount = 0;
    if (!sr.varint(&stringCount) || stringCount == 0 || stringCount > sr.remaining())
        return damaged(kStrings, QStringLiteral("bad string count"));
    std::vector<std::string> strings(stringCount);
    for (auto& s : strings)
        if (!sr.string(&s)) return damaged(kStrings, QStringLiteral("a string runs past the end"));
    auto str = [&](uint64_t index, uint32_t* outIndex) {
        if (index >= strings.size()) return false;
        *outIndex = static_cast<uint32_t>(index);
        return true;
    };

    // Events come before the tables they point into are checked, so ids can be bounded by count.
    ByteReader er(sections[kEvents]);
    uint64_t count = 0;
    if (!er.varint(&count) || count != eventCount || count > er.remaining() / 2)
        return damaged(kEvents, QStringLiteral("the event count does not match the metadata"));
    const uint64_t maxId = count + kIdSlack;
    std::vector<RecordedEvent> events(count);
    uint64_t totalMoves = 0;
    double clock = 0.0;
    for (uint64_t i = 0; i < count; ++i) {
        RecordedEvent& e = events[i];
        uint8_t kind = 0, mask = 0;
        if (!er.byte(&kind) || !er.byte(&mask)) return damaged(kEvents, QStringLiteral("event %1 is cut short").arg(i));
        if (kind > static_cast<uint8_t>(RecordKind::LoopStopped)) return damaged(kEvents, QStringLiteral("event %1 has unknown kind %2").arg(i).arg(kind));
        e.kind = static_cast<RecordKind>(kind);
        uint64_t v = 0;
        bool ok = true;
        if (mask & HasText) ok = ok && er.varint(&v) && str(v, &e.text);
        if (mask & HasText2) ok = ok && er.varint(&v) && str(v, &e.text2);
        if (mask & HasA) ok = ok && er.varint(&e.a);
        if (mask & HasB) ok = ok && er.varint(&e.b);
        if (mask & HasX) {
            if (mask & XIsInteger) {
                ok = ok && er.varint(&v);
                e.x = static_cast<double>(v);
            } else {
                ok = ok && er.f64(&e.x);
            }
        } else if (mask & XIsInteger) {
            ok = false;
        }
        if (mask & ClockChanged) ok = ok && er.f64(&clock);
        e.clock = clock;
        if (mask & HasMoves) {
            ok = ok && er.varint(&v) && mayHaveMoves(e.kind) && v <= kMaxHeapIndex;
            e.movesBegin = static_cast<uint32_t>(totalMoves);
            e.movesCount = static_cast<uint32_t>(v);
            totalMoves += v;
        }
        if (!ok) return damaged(kEvents, QStringLiteral("event %1 has a bad or missing field").arg(i));
        bool valid = true;
        switch (e.kind) {
        case RecordKind::PhaseBegin: valid = e.a <= static_cast<uint64_t>(LoopPhase::RunReady); break;
        case RecordKind::StepEnd: valid = isSmallWhole(e.x) && e.x <= static_cast<double>(StepOutcome::Kind::Raised); break;
        case RecordKind::TaskDone:
        case RecordKind::FutureState: valid = e.b <= 2; break;
        case RecordKind::Iteration: valid = e.a <= uint64_t(INT32_MAX); break;
        case RecordKind::Line: valid = e.b <= uint64_t(INT32_MAX); break;
        default: break;
        }
        if (!valid) return damaged(kEvents, QStringLiteral("event %1 has an out-of-range value").arg(i));
        if ((isHandleEvent(e.kind) || isTaskEvent(e.kind)) && (e.a == 0 || e.a > maxId))
            return damaged(kEvents, QStringLiteral("event %1 names id %2, which cannot exist").arg(i).arg(e.a));
    }
    if (!er.atEnd()) return damaged(kEvents, QStringLiteral("unexpected bytes after the last event"));

    // Handles and tasks.
    std::vector<std::pair<uint64_t, RecordedHandle>> handles;
    std::vector<bool> handleKnown;
    ByteReader hr(sections[kHandles]);
    uint64_t handleCount = 0;
    if (!hr.varint(&handleCount) || handleCount > hr.remaining()) return damaged(kHandles, QStringLiteral("bad handle count"));
    for (uint64_t i = 0; i < handleCount; ++i) {
        uint64_t id, cb, task, arg, taskId;
        uint8_t timer;
        RecordedHandle h;
        if (!hr.varint(&id) || !hr.varint(&cb) || !hr.varint(&task) || !hr.varint(&arg) || !hr.varint(&taskId)
            || !hr.byte(&timer) || !hr.f64(&h.when))
            return damaged(kHandles, QStringLiteral("handle %1 is cut short").arg(i));
        if (id == 0 || id > maxId || taskId > maxId || cb >= strings.size() || task >= strings.size() || arg >= strings.size() || timer > 1)
            return damaged(kHandles, QStringLiteral("handle %1 has an impossible id or string").arg(i));
        if (handleKnown.size() <= id) handleKnown.resize(id + 1);
        if (handleKnown[id]) return damaged(kHandles, QStringLiteral("handle %1 is listed twice").arg(id));
        handleKnown[id] = true;
        h.callback = strings[cb];
        h.task = strings[task];
        h.argTask = strings[arg];
        h.taskId = taskId;
        h.timer = timer;
        handles.emplace_back(id, std::move(h));
    }
    if (!hr.atEnd()) return damaged(kHandles, QStringLiteral("unexpected bytes after the last handle"));
    std::vector<std::pair<uint64_t, RecordedTask>> tasks;
    std::vector<bool> taskKnown;
    ByteReader tr(sections[kTasks]);
    uint64_t taskCount = 0;
    if (!tr.varint(&taskCount) || taskCount > tr.remaining()) return damaged(kTasks, QStringLiteral("bad task count"));
    for (uint64_t i = 0; i < taskCount; ++i) {
        uint64_t id, name, coro;
        if (!tr.varint(&id) || !tr.varint(&name) || !tr.varint(&coro)) return damaged(kTasks, QStringLiteral("task %1 is cut short").arg(i));
        if (id == 0 || id > maxId || name >= strings.size() || coro >= strings.size())
            return damaged(kTasks, QStringLiteral("task %1 has an impossible id or string").arg(i));
        if (taskKnown.size() <= id) taskKnown.resize(id + 1);
        if (taskKnown[id]) return damaged(kTasks, QStringLiteral("task %1 is listed twice").arg(id));
        taskKnown[id] = true;
        tasks.emplace_back(id, RecordedTask { strings[name], strings[coro] });
    }
    if (!tr.atEnd()) return damaged(kTasks, QStringLiteral("unexpected bytes after the last task"));
    auto known = [](const std::vector<bool>& table, uint64_t id) { return id < table.size() && table[id]; };
    for (uint64_t i = 0; i < count; ++i) {
        const RecordedEvent& e = events[i];
        if (isHandleEvent(e.kind) && !known(handleKnown, e.a))
            return damaged(kEvents, QStringLiteral("event %1 names handle %2, which is not in the handle table").arg(i).arg(e.a));
        if (isTaskEvent(e.kind) && !known(taskKnown, e.a))
            return damaged(kEvents, QStringLiteral("event %1 names task %2, which is not in the task table").arg(i).arg(e.a));
    }

    // Moves.
    ByteReader mr(sections[kMoves]);
    uint64_t moveCount = 0;
    if (!mr.varint(&moveCount) || moveCount != totalMoves || moveCount > mr.remaining() / 2)
        return damaged(kMoves, QStringLiteral("the move count does not match the events"));
    std::vector<HeapMove> moves(moveCount);
    for (HeapMove& m : moves) {
        uint8_t kind = 0;
        uint64_t from = 0, to = 0;
        if (!mr.byte(&kind) || kind > static_cast<uint8_t>(HeapMove::Kind::Placed) || !mr.varint(&from) || from > kMaxHeapIndex)
            return damaged(kMoves, QStringLiteral("a heap move is bad or cut short"));
        m.kind = static_cast<HeapMove::Kind>(kind);
        to = from;
        if (m.kind == HeapMove::Kind::Moved && (!mr.varint(&to) || to > kMaxHeapIndex))
            return damaged(kMoves, QStringLiteral("a heap move is bad or cut short"));
        m.from = static_cast<size_t>(from);
        m.to = static_cast<size_t>(to);
    }
    if (!mr.atEnd()) return damaged(kMoves, QStringLiteral("unexpected bytes after the last move"));

    // Locals, attached to Line events.
    std::map<uint64_t, std::vector<std::pair<std::string, std::string>>> localsByEvent;
    if (sections.contains(kLocals)) {
        ByteReader lr(sections[kLocals]);
        uint64_t entries = 0, index = 0;
        if (!lr.varint(&entries) || entries > lr.remaining()) return damaged(kLocals, QStringLiteral("bad entry count"));
        for (uint64_t k = 0; k < entries; ++k) {
            uint64_t delta = 0, n = 0;
            if (!lr.varint(&delta) || !lr.varint(&n) || n > lr.remaining() / 2)
                return damaged(kLocals, QStringLiteral("entry %1 is cut short").arg(k));
            if ((k > 0 && delta == 0) || delta >= count - index || events[index + delta].kind != RecordKind::Line)
                return damaged(kLocals, QStringLiteral("entry %1 does not point at a line event").arg(k));
            index += delta;
            auto& vars = localsByEvent[index];
            for (uint64_t v = 0; v < n; ++v) {
                uint64_t name = 0, repr = 0;
                if (!lr.varint(&name) || !lr.varint(&repr) || name >= strings.size() || repr >= strings.size())
                    return damaged(kLocals, QStringLiteral("entry %1 has a bad string").arg(k));
                vars.emplace_back(strings[name], strings[repr]);
            }
        }
        if (!lr.atEnd()) return damaged(kLocals, QStringLiteral("unexpected bytes after the last entry"));
    }

    // Watch values, each sample on an event of the run.
    std::vector<std::string> watchList;
    std::vector<std::vector<WatchSample>> watchSamples;
    if (sections.contains(kWatches)) {
        ByteReader wr(sections[kWatches]);
        uint64_t watches = 0;
        if (!wr.varint(&watches) || watches > wr.remaining()) return damaged(kWatches, QStringLiteral("bad watch count"));
        for (uint64_t w = 0; w < watches; ++w) {
            uint64_t expression = 0, n = 0, index = 0;
            if (!wr.varint(&expression) || expression >= strings.size() || !wr.varint(&n) || n > wr.remaining() / 3)
                return damaged(kWatches, QStringLiteral("watch %1 is cut short").arg(w));
            watchList.push_back(strings[expression]);
            std::vector<WatchSample>& samples = watchSamples.emplace_back();
            for (uint64_t k = 0; k < n; ++k) {
                uint64_t delta = 0, text = 0;
                uint8_t flags = 0;
                WatchSample sample;
                if (!wr.varint(&delta) || !wr.byte(&flags) || !wr.varint(&text) || text >= strings.size() || (flags & ~3u)
                    || ((flags & 2) && !wr.f64(&sample.number)))
                    return damaged(kWatches, QStringLiteral("value %1 of watch %2 is bad or cut short").arg(k).arg(w));
                if (delta >= count - index)
                    return damaged(kWatches, QStringLiteral("value %1 of watch %2 points outside the run").arg(k).arg(w));
                index += delta;
                sample.event = index;
                sample.text = strings[text];
                sample.error = flags & 1;
                sample.numeric = flags & 2;
                samples.push_back(std::move(sample));
            }
        }
        if (!wr.atEnd()) return damaged(kWatches, QStringLiteral("unexpected bytes after the last watch"));
    }

    // Bookmarks and notes must point into the run.
    QList<Bookmark> bookmarks;
    for (const QJsonValue& v : meta["bookmarks"].toArray()) {
        QJsonObject o = v.toObject();
        bool ok = false;
        quint64 index = o["event"].toString().toULongLong(&ok);
        if (!ok || index >= std::max<uint64_t>(count, 1)) return damaged(kMeta, QStringLiteral("a bookmark points outside the run"));
        bookmarks.append({ index, o["title"].toString() });
    }
    QMap<quint64, QString> notes;
    QJsonObject notesObject = meta["notes"].toObject();
    for (auto it = notesObject.begin(); it != notesObject.end(); ++it) {
        bool ok = false;
        quint64 index = it.key().toULongLong(&ok);
        if (!ok || index >= std::max<uint64_t>(count, 1)) return damaged(kMeta, QStringLiteral("a note points outside the run"));
        notes.insert(index, it.value().toString());
    }
    QString origin = meta["origin"].toString();
    if (origin != QLatin1String("loopscope") && origin != QLatin1String("cpython"))
        return damaged(kMeta, QStringLiteral("unknown origin \"%1\"").arg(origin));

    // Everything checked: build the log. File string indices map through intern().
    auto log = std::make_shared<EventLog>();
    std::vector<uint32_t> remap(strings.size());
    for (size_t i = 0; i < strings.size(); ++i) remap[i] = log->intern(strings[i]);
    for (auto& [id, h] : handles) log->setHandle(id, std::move(h));
    for (auto& [id, t] : tasks) log->setTask(id, std::move(t));
    log->addMoves(moves);
    auto nextLocals = localsByEvent.begin();
    for (uint64_t i = 0; i < count; ++i) {
        RecordedEvent& e = events[i];
        e.text = remap[e.text];
        e.text2 = remap[e.text2];
        log->append(e);
        // recordLocals() attaches to the latest Line event, which is this one.
        if (nextLocals != localsByEvent.end() && nextLocals->first == i) log->recordLocals((nextLocals++)->second);
    }
    log->setWatches(watchList);
    for (size_t w = 0; w < watchSamples.size(); ++w)
        for (WatchSample& sample : watchSamples[w]) log->appendWatchSample(w, std::move(sample));
    if (meta["finished"].toBool()) log->finish(meta["finishReason"].toString().toStdString());

    Session s;
    s.scenarioPath = meta["scenarioPath"].toString();
    s.source = meta["source"].toString();
    s.settings = meta["settings"].toObject();
    s.log = std::move(log);
    s.bookmarks = std::move(bookmarks);
    s.notes = std::move(notes);
    s.origin = origin;
    s.writtenBy = meta["loopscopeVersion"].toString();
    s.fold = prepareFold(s.log);
    *out = std::move(s);
    return true;
}

} // namespace loopscope

#pragma once
// StateFold: replays an EventLog into the LoopState after any event. It applies what the loop
// reported (including each heap sift move), so the picture is the loop's own, never re-derived.
// Checkpoints every kCheckpointInterval events make any seek cost at most that many applications;
// they share unchanged task and future records (copy on write), so a checkpoint costs a few
// pointers per task instead of a full LoopState copy, and prepare() builds them ahead of seeks.

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/loopstate.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace loopscope {

namespace detail {

/// A handle as the fold keeps it: heap sift moves and checkpoints copy the pointer, not the strings.
using SharedHandle = std::shared_ptr<const HandleView>;

/// A list whose copies share everything until written (copy on write at two levels): the
/// elements live in chunks of 64 pointers, so copying the list copies size/64 pointers, and
/// writing element i copies its chunk's pointers (if shared) and that one element (if shared).
template <class T>
class ChunkedList {
public:
    size_t size() const { return m_size; }
    const T& operator[](size_t i) const { return *(*m_chunks[i / kChunk])[i % kChunk]; }
    /// Element i as a pointer for another holder to share (mutate() copies it from then on).
    const std::shared_ptr<T>& shared(size_t i) const { return (*m_chunks[i / kChunk])[i % kChunk]; }
    T& mutate(size_t i)
    {
        std::shared_ptr<T>& slot = (*own(m_chunks[i / kChunk]))[i % kChunk];
        if (slot.use_count() > 1) slot = std::make_shared<T>(*slot);
        return *slot;
    }
    T& push_back(T value)
    {
        if (m_size % kChunk == 0) {
            m_chunks.push_back(std::make_shared<Chunk>());
            m_chunks.back()->reserve(kChunk);
        }
        ++m_size;
        return *own(m_chunks.back())->emplace_back(std::make_shared<T>(std::move(value)));
    }

private:
    static constexpr size_t kChunk = 64;
    using Chunk = std::vector<std::shared_ptr<T>>;
    static Chunk* own(std::shared_ptr<Chunk>& chunk)
    {
        if (chunk.use_count() > 1) chunk = std::make_shared<Chunk>(*chunk);
        return chunk.get();
    }
    std::vector<std::shared_ptr<Chunk>> m_chunks;
    size_t m_size = 0;
};

} // namespace detail

class StateFold {
public:
    static constexpr size_t kCheckpointInterval = 256;

    explicit StateFold(const EventLog& log);

    /// The state just after event `index` (index < log.size()).
    LoopState stateAt(size_t index);
    /// The state before any event.
    LoopState initialState() const { return {}; }
    /// Builds the checkpoints for the first `count` events now (resuming where the last call
    /// stopped), so that no later seek below `count` folds more than one interval. Call it as a
    /// log grows (while recording, after loading) to keep even the first seek fast.
    void prepare(size_t count);
    /// Events folded into checkpoints so far.
    size_t prepared() const { return m_tip.applied; }

private:
    /// The fold's working form: LoopState minus its handles, tasks and futures, which are shared
    /// between checkpoints until an event changes them.
    struct Cursor {
        LoopState state; ///< ready, heap, tasks and futures stay empty here
        std::vector<detail::SharedHandle> ready; ///< the ready deque, head first
        std::vector<detail::SharedHandle> heap; ///< the timer heap array, in heapq layout
        detail::ChunkedList<TaskView> tasks; ///< in creation order
        detail::ChunkedList<FutureView> futures; ///< in order of first appearance
        size_t applied = 0; ///< events [0, applied) are in the cursor
    };
    void apply(Cursor& c, const RecordedEvent& e) const;
    void advance(Cursor& c, size_t end) const;
    LoopState materialize(const Cursor& c) const;
    HandleView view(uint64_t handleId) const;
    size_t taskPlace(const Cursor& c, uint64_t taskId) const; ///< tasks.size() when there is none
    TaskView* taskOf(Cursor& c, uint64_t taskId) const;
    TaskView* taskNamed(Cursor& c, const std::string& name) const;
    void nameTask(size_t place, const std::string& name) const;
    FutureView& futureOf(Cursor& c, uint64_t futureId, const std::string& label) const;

    const EventLog& m_log;
    std::vector<Cursor> m_checkpoints; ///< m_checkpoints[k] has k * kCheckpointInterval events applied
    Cursor m_tip; ///< how far prepare() has folded (past the last checkpoint)
    /// Future id -> its place in Cursor::futures. Every cursor folds the same log from event 0,
    /// so a future's place is the same in all of them: one map serves every cursor.
    mutable std::unordered_map<uint64_t, size_t> m_futurePlace;
    /// Every name a task has had -> the places of the tasks that had it. Names change (set_name),
    /// so a place is checked against the cursor's task; like m_futurePlace it serves every cursor.
    mutable std::unordered_map<std::string, std::vector<size_t>> m_taskPlacesByName;
};

} // namespace loopscope

// ReadyQueue: the out-of-line parts (chunk turnover, the native table, boxed entries).
#include "freelist.h"

#include <loopscope/asyncio/readyqueue.h>
#include <memory>

namespace loopscope {

using detail::asyncioimpl::FreeLists;

void* ReadyEntry::Boxed::operator new(size_t n)
{
    return FreeLists::allocate(n);
}

void ReadyEntry::Boxed::operator delete(void* p, size_t n) noexcept
{
    FreeLists::release(p, n);
}

void ReadyEntry::resetBoxed() noexcept
{
    Boxed* box = reinterpret_cast<Boxed*>(std::exchange(m_word, kEmpty) & ~kTagMask);
    Object* self = box->self;
    Object* arg = box->arg;
    delete box; // first: a destructor below may schedule again
    if (self) self->decref();
    if (arg) arg->decref();
}

ReadyQueue::~ReadyQueue()
{
    clear();
    for (size_t i = m_firstChunk; i < m_chunks.size(); ++i) delete[] m_chunks[i];
    delete[] m_spare;
}

bool ReadyQueue::lookup(NativeCallbackFn fn, const char* name, uint32_t& index)
{
    uint32_t i = 0;
    while (i < m_targets.size() && !(m_targets[i].fn == fn && m_targets[i].name == name)) ++i;
    if (i == m_targets.size()) {
        if (i == (size_t(1) << ReadyEntry::kIndexBits)) return false; // full: the caller boxes
        m_targets.push_back({ fn, name });
    }
    m_lastFn = fn;
    m_lastName = name;
    index = m_lastIndex = i;
    return true;
}

void ReadyQueue::pushNativeSlow(const char* name, NativeCallbackFn fn, Object* self, Object* arg, uint64_t id)
{
    uint32_t index;
    if (!arg && id < kMaxCompactId && lookup(fn, name, index)) {
        ReadyEntry* slot = nextSlot();
        if (self) self->incref();
        slot->m_word = reinterpret_cast<uintptr_t>(self) | ReadyEntry::kCompact;
        slot->m_id = id << ReadyEntry::kIndexBits | index;
        return;
    }
    auto box = std::make_unique<ReadyEntry::Boxed>(ReadyEntry::Boxed { { fn, name, self, arg } });
    ReadyEntry* slot = nextSlot();
    if (self) self->incref();
    if (arg) arg->incref();
    slot->m_word = reinterpret_cast<uintptr_t>(box.release()) | ReadyEntry::kBoxed;
    slot->m_id = id;
}

void ReadyQueue::addChunk()
{
    ReadyEntry* chunk = m_spare ? std::exchange(m_spare, nullptr) : new ReadyEntry[kChunkSize];
    try {
        m_chunks.push_back(chunk);
    } catch (...) {
        m_spare = chunk;
        throw;
    }
    m_back = chunk;
    m_backEnd = chunk + kChunkSize;
    if (m_chunks.size() - m_firstChunk == 1) {
        m_front = chunk;
        m_frontEnd = m_backEnd;
    }
}

void ReadyQueue::dropFrontChunk() noexcept
{
    // Every entry of the chunk has been moved out: its slots are empty and can be reused as they are.
    ReadyEntry* chunk = m_chunks[m_firstChunk++];
    if (m_spare)
        delete[] chunk;
    else
        m_spare = chunk;
    if (m_firstChunk == m_chunks.size()) {
        m_chunks.clear();
        m_firstChunk = 0;
        m_front = m_frontEnd = m_back = m_backEnd = nullptr;
        return;
    }
    if (m_firstChunk * 2 >= m_chunks.size()) {
        // Amortised O(1): the dead prefix is at least as long as what is moved.
        m_chunks.erase(m_chunks.begin(), m_chunks.begin() + static_cast<std::ptrdiff_t>(m_firstChunk));
        m_firstChunk = 0;
    }
    m_front = m_chunks[m_firstChunk];
    m_frontEnd = m_front + kChunkSize;
}

} // namespace loopscope

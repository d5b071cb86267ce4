#pragma once
// The allocation budget: containers that would grow past it raise MemoryError, as CPython does
// when malloc fails, instead of the process being killed by the system for using all the RAM.

#include <cstddef>

namespace loopscope {

/// Default budget: far below the machines' RAM, far above what a scenario needs.
inline constexpr size_t kDefaultMemoryBudget = size_t(2) << 30;

/// Bytes a run may hold: container storage plus an estimate per live object (0: unlimited).
/// Process-wide; tests lower it.
void setMemoryBudget(size_t bytes) noexcept;
size_t memoryBudget() noexcept;

/// Raises MemoryError when a container needing `bytes` of storage would not fit in the budget
/// next to the current heap's live objects.
void checkMemory(size_t bytes);

/// checkMemory for a container that just grew to `count` elements of `elementBytes`, done only
/// when `count` crosses a power of two so element-by-element growth stays cheap.
inline void checkGrowth(size_t count, size_t elementBytes)
{
    if (count >= 4096 && (count & (count - 1)) == 0) checkMemory(count * elementBytes);
}

} // namespace loopscope

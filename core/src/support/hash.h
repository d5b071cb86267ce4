#pragma once

#include <cstdint>
#include <gmp.h>
#include <span>
#include <string_view>

namespace loopscope::support {

/// The modulus of CPython's numeric hash, 2**61 - 1.
constexpr int64_t kHashModulus = (int64_t(1) << 61) - 1;
/// hash(float('inf')); hash(float('-inf')) is its negation.
constexpr int64_t kHashInf = 314159;

/// The SipHash key CPython derives from PYTHONHASHSEED (both zero for PYTHONHASHSEED=0).
struct HashKey {
    uint64_t k0 = 0;
    uint64_t k1 = 0;
};

/// The key CPython 3.11 uses when PYTHONHASHSEED=seed (0 disables randomization: a zero key).
HashKey hashKeyFromSeed(uint32_t seed);

/// hash(int) for a machine integer.
int64_t hashInt(int64_t value);
/// hash(int) for a big integer.
int64_t hashInt(const mpz_t value);
/// hash(float): equal to hashInt for integral values; NaN hashes by identity in 3.11, so the
/// caller passes the object's identity hash for that case.
int64_t hashDouble(double value, int64_t identityHash = 0);
/// hash(tuple) from the hashes of its items (3.11's xxHash-based combination).
int64_t hashTuple(std::span<const int64_t> itemHashes);
/// hash(bytes): SipHash-1-3 of the bytes; b'' hashes to 0.
int64_t hashBytes(std::string_view bytes, const HashKey& key = {});
/// hash(str) for UTF-8 text, hashed over CPython's internal form (1, 2 or 4 bytes per code point).
int64_t hashStr(std::string_view utf8, const HashKey& key = {});

} // namespace loopscope::support

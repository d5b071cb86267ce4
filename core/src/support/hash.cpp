#include "support/hash.h"

#include "support/utf8.h"

#include <cmath>
#include <string>
#include <vector>

namespace loopscope::support {

namespace {

constexpr int kHashBits = 61;
constexpr uint64_t kModulus = static_cast<uint64_t>(kHashModulus);

/// -1 is the C-level error marker, so CPython never returns it as a hash.
int64_t avoidMinusOne(int64_t h)
{
    return h == -1 ? -2 : h;
}

inline uint64_t rotl(uint64_t x, int b)
{
    return (x << b) | (x >> (64 - b));
}

inline void sipRound(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3)
{
    v0 += v1; v2 += v3; v1 = rotl(v1, 13) ^ v0; v3 = rotl(v3, 16) ^ v2; v0 = rotl(v0, 32);
    v2 += v1; v0 += v3; v1 = rotl(v1, 17) ^ v2; v3 = rotl(v3, 21) ^ v0; v2 = rotl(v2, 32);
}

/// SipHash-1-3 with CPython's finalization (v0 ^ v1 ^ v2 ^ v3).
uint64_t siphash13(uint64_t k0, uint64_t k1, const uint8_t* in, size_t size)
{
    uint64_t b = static_cast<uint64_t>(size) << 56;
    uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
    uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
    uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
    uint64_t v3 = k1 ^ 0x7465646279746573ULL;
    while (size >= 8) {
        uint64_t mi = 0;
        for (int i = 7; i >= 0; --i)
            mi = (mi << 8) | in[i];
        in += 8;
        size -= 8;
        v3 ^= mi;
        sipRound(v0, v1, v2, v3);
        v0 ^= mi;
    }
    uint64_t t = 0;
    for (size_t i = size; i-- > 0;)
        t = (t << 8) | in[i];
    b |= t;
    v3 ^= b;
    sipRound(v0, v1, v2, v3);
    v0 ^= b;
    v2 ^= 0xff;
    sipRound(v0, v1, v2, v3);
    sipRound(v0, v1, v2, v3);
    sipRound(v0, v1, v2, v3);
    return (v0 ^ v1) ^ (v2 ^ v3);
}

} // namespace

HashKey hashKeyFromSeed(uint32_t seed)
{
    HashKey key;
    if (seed == 0)
        return key;
    // CPython fills its secret with an LCG's output bytes; k0 and k1 are its first 16 bytes (little-endian).
    uint32_t x = seed;
    uint8_t bytes[16];
    for (auto& byte : bytes) {
        x = x * 214013U + 2531011U;
        byte = static_cast<uint8_t>((x >> 16) & 0xff);
    }
    for (int i = 7; i >= 0; --i) {
        key.k0 = (key.k0 << 8) | bytes[i];
        key.k1 = (key.k1 << 8) | bytes[8 + i];
    }
    return key;
}

int64_t hashInt(int64_t value)
{
    const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    const int64_t h = static_cast<int64_t>(magnitude % kModulus);
    return avoidMinusOne(value < 0 ? -h : h);
}

int64_t hashInt(const mpz_t value)
{
    mpz_t r;
    mpz_init(r);
    mpz_abs(r, value);
    mpz_fdiv_r_ui(r, r, kModulus);
    const int64_t h = static_cast<int64_t>(mpz_get_ui(r));
    const bool negative = mpz_sgn(value) < 0;
    mpz_clear(r);
    return avoidMinusOne(negative ? -h : h);
}

int64_t hashDouble(double value, int64_t identityHash)
{
    if (std::isinf(value))
        return value > 0 ? kHashInf : -kHashInf;
    if (std::isnan(value))
        return avoidMinusOne(identityHash);
    int e = 0;
    double m = std::frexp(value, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    // Consume the mantissa 28 bits at a time, reducing modulo 2**61 - 1 as we go.
    uint64_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & kModulus) | x >> (kHashBits - 28);
        m *= 268435456.0;
        e -= 28;
        const auto y = static_cast<uint64_t>(m);
        m -= static_cast<double>(y);
        x += y;
        if (x >= kModulus)
            x -= kModulus;
    }
    e = e >= 0 ? e % kHashBits : kHashBits - 1 - ((-1 - e) % kHashBits);
    x = ((x << e) & kModulus) | x >> (kHashBits - e);
    x = x * static_cast<uint64_t>(static_cast<int64_t>(sign));
    return avoidMinusOne(static_cast<int64_t>(x));
}

int64_t hashTuple(std::span<const int64_t> itemHashes)
{
    constexpr uint64_t prime1 = 11400714785074694791ULL;
    constexpr uint64_t prime2 = 14029467366897019727ULL;
    constexpr uint64_t prime5 = 2870177450012600261ULL;
    uint64_t acc = prime5;
    for (int64_t h : itemHashes) {
        acc += static_cast<uint64_t>(h) * prime2;
        acc = rotl(acc, 31);
        acc *= prime1;
    }
    // The length is mixed in so that hash(()) keeps its historical value.
    acc += static_cast<uint64_t>(itemHashes.size()) ^ (prime5 ^ 3527539ULL);
    if (acc == static_cast<uint64_t>(-1))
        return 1546275796;
    return static_cast<int64_t>(acc);
}

int64_t hashBytes(std::string_view bytes, const HashKey& key)
{
    if (bytes.empty())
        return 0;
    const uint64_t x = siphash13(key.k0, key.k1, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return avoidMinusOne(static_cast<int64_t>(x));
}

int64_t hashStr(std::string_view utf8, const HashKey& key)
{
    std::vector<char32_t> cps;
    char32_t maxChar = 0;
    for (size_t i = 0; i < utf8.size();) {
        const char32_t c = detail::decodeUtf8(utf8, i);
        maxChar = std::max(maxChar, c);
        cps.push_back(c);
    }
    // CPython's compact representation: the narrowest of 1, 2 or 4 bytes per code point, little-endian.
    const int width = maxChar < 0x100 ? 1 : maxChar < 0x10000 ? 2 : 4;
    std::string data;
    data.reserve(cps.size() * width);
    for (char32_t c : cps)
        for (int b = 0; b < width; ++b)
            data += static_cast<char>((c >> (8 * b)) & 0xff);
    return hashBytes(data, key);
}

} // namespace loopscope::support

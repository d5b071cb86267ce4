#include "support/mersenne.h"

#include <algorithm>
#include <cmath>

namespace loopscope::support {

namespace {

constexpr int kN = 624;
constexpr int kM = 397;
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

/// RAII for a temporary mpz.
struct Mpz {
    mpz_t v;
    Mpz() { mpz_init(v); }
    explicit Mpz(long n) { mpz_init_set_si(v, n); }
    ~Mpz() { mpz_clear(v); }
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
};

std::string mpzDecimal(const mpz_t v)
{
    std::string s(mpz_sizeinbase(v, 10) + 2, '\0');
    mpz_get_str(s.data(), 10, v);
    s.resize(std::char_traits<char>::length(s.c_str()));
    return s;
}

RandomError valueError(std::string message)
{
    return RandomError{false, false, std::move(message)};
}

} // namespace

MersenneTwister::MersenneTwister()
{
    seed(int64_t(0));
}

void MersenneTwister::initGenrand(uint32_t s)
{
    m_state[0] = s;
    for (int i = 1; i < kN; ++i)
        m_state[i] = 1812433253U * (m_state[i - 1] ^ (m_state[i - 1] >> 30)) + static_cast<uint32_t>(i);
    m_index = kN;
}

void MersenneTwister::initByArray(const std::vector<uint32_t>& key)
{
    initGenrand(19650218U);
    const size_t keyLength = key.size();
    size_t i = 1, j = 0;
    for (size_t k = std::max<size_t>(kN, keyLength); k; --k) {
        m_state[i] = (m_state[i] ^ ((m_state[i - 1] ^ (m_state[i - 1] >> 30)) * 1664525U)) + key[j]
            + static_cast<uint32_t>(j);
        ++i;
        ++j;
        if (i >= kN) {
            m_state[0] = m_state[kN - 1];
            i = 1;
        }
        if (j >= keyLength)
            j = 0;
    }
    for (size_t k = kN - 1; k; --k) {
        m_state[i] = (m_state[i] ^ ((m_state[i - 1] ^ (m_state[i - 1] >> 30)) * 1566083941U)) - static_cast<uint32_t>(i);
        ++i;
        if (i >= kN) {
            m_state[0] = m_state[kN - 1];
            i = 1;
        }
    }
    m_state[0] = 0x80000000U; // MSB is 1, assuring a non-zero initial array
    m_index = kN;
}

void MersenneTwister::seed(const mpz_t n)
{
    Mpz magnitude;
    mpz_abs(magnitude.v, n);
    std::vector<uint32_t> key;
    const size_t bits = mpz_sgn(magnitude.v) == 0 ? 0 : mpz_sizeinbase(magnitude.v, 2);
    key.resize(bits == 0 ? 1 : (bits - 1) / 32 + 1, 0);
    size_t count = 0;
    mpz_export(key.data(), &count, -1, sizeof(uint32_t), 0, 0, magnitude.v);
    initByArray(key);
    m_gaussNext.reset();
}

void MersenneTwister::seed(int64_t n)
{
    Mpz z(0);
    mpz_set_si(z.v, n);
    seed(z.v);
}

void MersenneTwister::seedFromHash(int64_t hash)
{
    Mpz z;
    mpz_set_ui(z.v, static_cast<uint64_t>(hash) >> 32);
    mpz_mul_2exp(z.v, z.v, 32);
    mpz_add_ui(z.v, z.v, static_cast<uint64_t>(hash) & 0xffffffffU);
    seed(z.v);
}

void MersenneTwister::seedBytes(std::string_view bytes)
{
    std::string all(bytes);
    const auto digest = sha512(bytes);
    all.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    Mpz z;
    mpz_import(z.v, all.size(), 1, 1, 0, 0, all.data());
    seed(z.v);
}

uint32_t MersenneTwister::genrandUint32()
{
    static constexpr uint32_t mag01[2] = {0x0U, kMatrixA};
    uint32_t y;
    if (m_index >= kN) {
        int kk = 0;
        for (; kk < kN - kM; ++kk) {
            y = (m_state[kk] & kUpperMask) | (m_state[kk + 1] & kLowerMask);
            m_state[kk] = m_state[kk + kM] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < kN - 1; ++kk) {
            y = (m_state[kk] & kUpperMask) | (m_state[kk + 1] & kLowerMask);
            m_state[kk] = m_state[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        y = (m_state[kN - 1] & kUpperMask) | (m_state[0] & kLowerMask);
        m_state[kN - 1] = m_state[kM - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        m_index = 0;
    }
    y = m_state[m_index++];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

double MersenneTwister::random()
{
    const uint32_t a = genrandUint32() >> 5;
    const uint32_t b = genrandUint32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::vector<uint32_t> MersenneTwister::getrandbitsWords(uint64_t k)
{
    std::vector<uint32_t> words;
    if (k == 0)
        return words;
    if (k <= 32) {
        words.push_back(genrandUint32() >> (32 - k));
        return words;
    }
    const uint64_t count = (k - 1) / 32 + 1;
    words.reserve(count);
    for (uint64_t i = 0; i < count; ++i, k -= 32) {
        uint32_t r = genrandUint32();
        if (k < 32)
            r >>= (32 - k); // the last word keeps its most significant bits
        words.push_back(r);
    }
    return words;
}

void MersenneTwister::getrandbits(uint64_t k, mpz_t out)
{
    const auto words = getrandbitsWords(k);
    if (words.empty())
        mpz_set_ui(out, 0);
    else
        mpz_import(out, words.size(), -1, sizeof(uint32_t), 0, 0, words.data());
}

uint64_t MersenneTwister::getrandbits64(unsigned k)
{
    const auto words = getrandbitsWords(k);
    uint64_t value = 0;
    for (size_t i = words.size(); i-- > 0;)
        value = (value << 32) | words[i];
    return value;
}

void MersenneTwister::randbelow(const mpz_t n, mpz_t out)
{
    const size_t k = mpz_sgn(n) == 0 ? 0 : mpz_sizeinbase(n, 2);
    getrandbits(k, out);
    while (mpz_cmp(out, n) >= 0)
        getrandbits(k, out);
}

uint64_t MersenneTwister::randbelow(uint64_t n)
{
    unsigned k = 0;
    while (k < 64 && (n >> k) != 0)
        ++k;
    uint64_t r = getrandbits64(k);
    while (r >= n)
        r = getrandbits64(k);
    return r;
}

std::optional<RandomError> MersenneTwister::randrange(const mpz_t start, mpz_t out)
{
    if (mpz_sgn(start) > 0) {
        randbelow(start, out);
        return std::nullopt;
    }
    return valueError("empty range for randrange()");
}

std::optional<RandomError> MersenneTwister::randrange(const mpz_t start, const mpz_t stop, const mpz_t step, mpz_t out)
{
    Mpz width;
    mpz_sub(width.v, stop, start);
    if (mpz_cmp_ui(step, 1) == 0) {
        if (mpz_sgn(width.v) > 0) {
            Mpz r;
            randbelow(width.v, r.v);
            mpz_add(out, start, r.v);
            return std::nullopt;
        }
        return valueError("empty range for randrange() (" + mpzDecimal(start) + ", " + mpzDecimal(stop) + ", "
                          + mpzDecimal(width.v) + ")");
    }
    Mpz n;
    if (mpz_sgn(step) > 0) {
        mpz_add(n.v, width.v, step);
        mpz_sub_ui(n.v, n.v, 1);
    } else if (mpz_sgn(step) < 0) {
        mpz_add(n.v, width.v, step);
        mpz_add_ui(n.v, n.v, 1);
    } else {
        return valueError("zero step for randrange()");
    }
    mpz_fdiv_q(n.v, n.v, step); // Python's // floors
    if (mpz_sgn(n.v) <= 0)
        return valueError("empty range for randrange()");
    Mpz r;
    randbelow(n.v, r.v);
    mpz_mul(r.v, r.v, step);
    mpz_add(out, start, r.v);
    return std::nullopt;
}

std::optional<RandomError> MersenneTwister::randint(const mpz_t a, const mpz_t b, mpz_t out)
{
    Mpz stop, one(1);
    mpz_add_ui(stop.v, b, 1);
    return randrange(a, stop.v, one.v, out);
}

std::optional<int64_t> MersenneTwister::randrange(int64_t start, int64_t stop, int64_t step, RandomError* error)
{
    Mpz a(0), b(0), s(0), out;
    mpz_set_si(a.v, start);
    mpz_set_si(b.v, stop);
    mpz_set_si(s.v, step);
    if (auto e = randrange(a.v, b.v, s.v, out.v)) {
        if (error)
            *error = *e;
        return std::nullopt;
    }
    return mpz_get_si(out.v);
}

std::optional<int64_t> MersenneTwister::randint(int64_t a, int64_t b, RandomError* error)
{
    Mpz za(0), zb(0), out;
    mpz_set_si(za.v, a);
    mpz_set_si(zb.v, b);
    if (auto e = randint(za.v, zb.v, out.v)) {
        if (error)
            *error = *e;
        return std::nullopt;
    }
    return mpz_get_si(out.v);
}

std::optional<uint64_t> MersenneTwister::choiceIndex(uint64_t n, RandomError* error)
{
    if (n == 0) {
        if (error)
            *error = RandomError{false, true, "Cannot choose from an empty sequence"};
        return std::nullopt;
    }
    return randbelow(n);
}

std::vector<std::pair<uint64_t, uint64_t>> MersenneTwister::shuffleSwaps(uint64_t n)
{
    std::vector<std::pair<uint64_t, uint64_t>> swaps;
    for (uint64_t i = n; i-- > 1;)
        swaps.emplace_back(i, randbelow(i + 1));
    return swaps;
}

std::optional<std::vector<uint64_t>> MersenneTwister::sample(uint64_t n, int64_t k, RandomError* error)
{
    if (k < 0 || static_cast<uint64_t>(k) > n) {
        if (error)
            *error = valueError("Sample larger than population or is negative");
        return std::nullopt;
    }
    std::vector<uint64_t> result;
    result.reserve(static_cast<size_t>(k));
    uint64_t setsize = 21; // size of a small set minus size of an empty list, as random.py reckons
    if (k > 5)
        setsize += static_cast<uint64_t>(std::pow(4.0, std::ceil(std::log(double(k * 3)) / std::log(4.0))));
    if (n <= setsize) {
        std::vector<uint64_t> pool(n);
        for (uint64_t i = 0; i < n; ++i)
            pool[i] = i;
        for (int64_t i = 0; i < k; ++i) {
            const uint64_t j = randbelow(n - static_cast<uint64_t>(i));
            result.push_back(pool[j]);
            pool[j] = pool[n - static_cast<uint64_t>(i) - 1];
        }
    } else {
        std::vector<uint64_t> selected; // kept sorted; membership is all that matters
        for (int64_t i = 0; i < k; ++i) {
            uint64_t j = randbelow(n);
            while (std::binary_search(selected.begin(), selected.end(), j))
                j = randbelow(n);
            selected.insert(std::upper_bound(selected.begin(), selected.end(), j), j);
            result.push_back(j);
        }
    }
    return result;
}

std::vector<uint64_t> MersenneTwister::choicesIndices(uint64_t n, uint64_t k)
{
    std::vector<uint64_t> out;
    const double size = static_cast<double>(n);
    for (uint64_t i = 0; i < k; ++i)
        out.push_back(static_cast<uint64_t>(std::floor(random() * size)));
    return out;
}

std::vector<uint64_t> MersenneTwister::choicesIndices(const std::vector<double>& cumWeights, uint64_t k)
{
    std::vector<uint64_t> out;
    if (cumWeights.empty())
        return out;
    const double total = cumWeights.back();
    // random.py bisects in cum_weights[0:n-1] (hi = n - 1).
    for (uint64_t i = 0; i < k; ++i) {
        const double x = random() * total;
        const auto it = std::upper_bound(cumWeights.begin(), cumWeights.end() - 1, x);
        out.push_back(static_cast<uint64_t>(it - cumWeights.begin()));
    }
    return out;
}

double MersenneTwister::uniform(double a, double b)
{
    return a + (b - a) * random();
}

double MersenneTwister::gauss(double mu, double sigma)
{
    std::optional<double> z = m_gaussNext;
    m_gaussNext.reset();
    if (!z) {
        const double x2pi = random() * (2.0 * M_PI);
        const double g2rad = std::sqrt(-2.0 * std::log(1.0 - random()));
        z = std::cos(x2pi) * g2rad;
        m_gaussNext = std::sin(x2pi) * g2rad;
    }
    return mu + *z * sigma;
}

double MersenneTwister::expovariate(double lambd)
{
    return -std::log(1.0 - random()) / lambd;
}

// ---- SHA-512, FIPS 180-4 ----

namespace {

constexpr uint64_t kSha512K[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL, 0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL,
    0x59f111f1b605d019ULL, 0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL, 0x12835b0145706fbeULL,
    0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL, 0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL, 0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL,
    0x2de92c6f592b0275ULL, 0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL, 0x983e5152ee66dfabULL,
    0xa831c66d2db43210ULL, 0xb00327c898fb213fULL, 0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL, 0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL,
    0x53380d139d95b3dfULL, 0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL, 0x92722c851482353bULL,
    0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL, 0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL, 0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL,
    0x2748774cdf8eeb99ULL, 0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL, 0x5b9cca4f7763e373ULL,
    0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL, 0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL, 0xc67178f2e372532bULL, 0xca273eceea26619cULL,
    0xd186b8c721c0c207ULL, 0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL, 0x0a637dc5a2c898a6ULL,
    0x113f9804bef90daeULL, 0x1b710b35131c471bULL, 0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL, 0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

inline uint64_t rotr(uint64_t x, int n)
{
    return (x >> n) | (x << (64 - n));
}

} // namespace

std::array<uint8_t, 64> sha512(std::string_view bytes)
{
    uint64_t h[8] = {0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
                     0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    std::string message(bytes);
    const uint64_t bitLength = static_cast<uint64_t>(bytes.size()) * 8;
    message += static_cast<char>(0x80);
    while (message.size() % 128 != 112)
        message += '\0';
    message.append(8, '\0'); // high 64 bits of the 128-bit length
    for (int i = 7; i >= 0; --i)
        message += static_cast<char>((bitLength >> (8 * i)) & 0xff);

    uint64_t w[80];
    for (size_t block = 0; block < message.size(); block += 128) {
        for (int t = 0; t < 16; ++t) {
            uint64_t v = 0;
            for (int b = 0; b < 8; ++b)
                v = (v << 8) | static_cast<uint8_t>(message[block + t * 8 + b]);
            w[t] = v;
        }
        for (int t = 16; t < 80; ++t) {
            const uint64_t s0 = rotr(w[t - 15], 1) ^ rotr(w[t - 15], 8) ^ (w[t - 15] >> 7);
            const uint64_t s1 = rotr(w[t - 2], 19) ^ rotr(w[t - 2], 61) ^ (w[t - 2] >> 6);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int t = 0; t < 80; ++t) {
            const uint64_t s1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41);
            const uint64_t ch = (e & f) ^ (~e & g);
            const uint64_t t1 = hh + s1 + ch + kSha512K[t] + w[t];
            const uint64_t s0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39);
            const uint64_t maj = (a & b) ^ (a & c) ^ (b & c);
            const uint64_t t2 = s0 + maj;
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
    }
    std::array<uint8_t, 64> digest{};
    for (int i = 0; i < 8; ++i)
        for (int b = 0; b < 8; ++b)
            digest[i * 8 + b] = static_cast<uint8_t>(h[i] >> (56 - 8 * b));
    return digest;
}

} // namespace loopscope::support

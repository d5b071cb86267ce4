#pragma once

#include <array>
#include <cstdint>
#include <gmp.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::support {

/// The outcome of a random.py operation that can raise: a value, or CPython's exception.
struct RandomError {
    bool isTypeError = false; ///< TypeError when true, else ValueError (IndexError for choice)
    bool isIndexError = false;
    std::string message;
};

/// CPython's random.Random, bit-identical: the C MT19937 core (_random.Random) plus the
/// Python-level algorithms of random.py 3.11 that Loopscope's scenarios use.
class MersenneTwister {
public:
    /// Seeded as random.seed(0) would.
    MersenneTwister();

    /// MT19937 init_genrand.
    void initGenrand(uint32_t s);
    /// MT19937 init_by_array.
    void initByArray(const std::vector<uint32_t>& key);

    /// random.seed(n) for an int: |n| split into 32-bit words, least significant first.
    void seed(const mpz_t n);
    /// random.seed(n) for an int.
    void seed(int64_t n);
    /// random.seed(x) for a hashable non-int object with hash h (float and the like): key from (size_t)h.
    void seedFromHash(int64_t hash);
    /// random.seed(s) version 2 for str (pass UTF-8) or bytes: int.from_bytes(s + sha512(s).digest()).
    void seedBytes(std::string_view bytes);

    /// One 32-bit output of MT19937 (genrand_uint32).
    uint32_t genrandUint32();
    /// random.random(): 53 bits from two draws.
    double random();
    /// random.getrandbits(k) for k >= 0 into out.
    void getrandbits(uint64_t k, mpz_t out);
    /// random.getrandbits(k) for k <= 64.
    uint64_t getrandbits64(unsigned k);
    /// random.getrandbits(k) as 32-bit words, least significant first (empty for k == 0).
    std::vector<uint32_t> getrandbitsWords(uint64_t k);

    /// Random._randbelow_with_getrandbits(n) for n > 0.
    void randbelow(const mpz_t n, mpz_t out);
    /// Random._randbelow_with_getrandbits(n) for 0 < n < 2**64.
    uint64_t randbelow(uint64_t n);

    /// random.randrange(start) (stop absent): a RandomError when Python raises.
    std::optional<RandomError> randrange(const mpz_t start, mpz_t out);
    /// random.randrange(start, stop, step) with integer arguments.
    std::optional<RandomError> randrange(const mpz_t start, const mpz_t stop, const mpz_t step, mpz_t out);
    /// random.randint(a, b) = randrange(a, b + 1).
    std::optional<RandomError> randint(const mpz_t a, const mpz_t b, mpz_t out);
    /// randrange/randint on machine integers; nullopt result with *error set when Python raises.
    std::optional<int64_t> randrange(int64_t start, int64_t stop, int64_t step = 1, RandomError* error = nullptr);
    /// random.randint(a, b) on machine integers.
    std::optional<int64_t> randint(int64_t a, int64_t b, RandomError* error = nullptr);

    /// random.choice(seq): the index chosen in a sequence of length n (IndexError when empty).
    std::optional<uint64_t> choiceIndex(uint64_t n, RandomError* error = nullptr);
    /// random.shuffle(x) on a sequence of length n: the swaps (i, j) in the order performed.
    std::vector<std::pair<uint64_t, uint64_t>> shuffleSwaps(uint64_t n);
    /// random.shuffle applied to a vector.
    template <typename T>
    void shuffle(std::vector<T>& items)
    {
        for (const auto& [i, j] : shuffleSwaps(items.size()))
            std::swap(items[i], items[j]);
    }
    /// random.sample(range(n), k): the chosen population indices in CPython's order.
    std::optional<std::vector<uint64_t>> sample(uint64_t n, int64_t k, RandomError* error = nullptr);
    /// random.choices(population of size n, k=k) without weights: indices floor(random() * n).
    std::vector<uint64_t> choicesIndices(uint64_t n, uint64_t k);
    /// random.choices with cumulative weights: indices bisect_right(cumWeights, random() * total).
    std::vector<uint64_t> choicesIndices(const std::vector<double>& cumWeights, uint64_t k);

    /// random.uniform(a, b) = a + (b - a) * random().
    double uniform(double a, double b);
    /// random.gauss(mu, sigma), keeping random.py's cached second value.
    double gauss(double mu, double sigma);
    /// random.expovariate(lambd).
    double expovariate(double lambd);

    bool operator==(const MersenneTwister&) const = default;

private:
    std::array<uint32_t, 624> m_state{};
    int m_index = 625;
    std::optional<double> m_gaussNext; ///< random.py's gauss_next, cleared by seed()
};

/// SHA-512 (FIPS 180-4) digest of bytes.
std::array<uint8_t, 64> sha512(std::string_view bytes);

} // namespace loopscope::support

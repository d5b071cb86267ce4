// Facts about CPython 3.11's random module, recorded by running python3 (one-liners above each table).
#include <QtTest>

#include <string>
#include <vector>

#include "support/mersenne.h"

using namespace loopscope::support;

namespace {

struct SeedCase {
    const char* seed;
    std::vector<double> randoms;
    std::vector<int64_t> randints;
    const char* bits100;
    int64_t randrangeStep7;
    int64_t randrangeNegative;
    std::vector<uint64_t> choices;
    std::vector<uint64_t> sampleSmall;
    std::vector<uint64_t> sampleLarge;
    std::vector<uint64_t> sampleAll;
    std::vector<uint64_t> shuffled;
    double uniform;
    uint32_t bits32;
    uint64_t bits64;
    uint32_t bits7;
};

// python3 -c "import random; random.seed(S); print([random.random().hex() for _ in range(5)], [random.randint(1,10) for _ in range(20)], random.getrandbits(100), random.randrange(0,100,7), random.randrange(10,-10,-3), [random.choice(range(37)) for _ in range(5)], random.sample(range(50),8), random.sample(range(10000),7), random.sample(range(20),20), (lambda l: (random.shuffle(l), l)[1])(list(range(12))), random.uniform(-2.5,7.0).hex(), random.getrandbits(32), random.getrandbits(64), random.getrandbits(7))"
const SeedCase kSeedCases[] = {
    {"0", {0x1.b0580f98a7dbep-1, 0x1.84129978f9c1ap-1, 0x1.aeaa51052e978p-2, 0x1.092178fb945a6p-2, 0x1.05c5ccdf19707p-1}, {7, 5, 8, 6, 10, 4, 9, 3, 5, 3, 2, 10, 5, 9, 10, 3, 5, 2, 2, 6}, "404119184419965004279497775191", 42, 4, {13, 35, 30, 28, 33}, {16, 3, 35, 0, 5, 25, 42, 40}, {18, 8086, 5458, 3996, 5328, 1031, 3130}, {18, 7, 19, 4, 14, 1, 15, 5, 8, 17, 13, 16, 11, 12, 0, 10, 2, 3, 6, 9}, {3, 8, 0, 11, 2, 10, 4, 5, 6, 9, 1, 7}, -0x1.17e7d1b2dbc54p+1, 4214650296u, 4797190344571278455uLL, 60u},
    {"7", {0x1.4b9ad0f953a6ep-2, 0x1.34f0696513270p-3, 0x1.4d474883171ffp-1, 0x1.28b2f3a47e100p-4, 0x1.125f2046063a0p-1}, {6, 10, 1, 9, 4, 1, 2, 7, 7, 2, 4, 2, 9, 7, 1, 10, 2, 4, 10, 1}, "31428265462331379888665986255", 21, 10, {35, 8, 18, 26, 9}, {34, 7, 36, 19, 35, 43, 11, 6}, {9528, 9358, 3078, 6101, 1596, 8974, 1028}, {18, 1, 6, 15, 13, 12, 5, 7, 9, 14, 16, 4, 3, 17, 19, 11, 0, 2, 8, 10}, {11, 6, 0, 2, 10, 3, 9, 8, 1, 4, 7, 5}, 0x1.8192059beb43cp+0, 4131840500u, 1431845093225017808uLL, 97u},
    {"12345", {0x1.aa9e665dc8a18p-2, 0x1.4d392d1f6f840p-7, 0x1.a68177b361de3p-1, 0x1.31cea56d752c4p-2, 0x1.7940e9f744b88p-2}, {4, 5, 10, 7, 3, 6, 2, 7, 5, 9, 3, 10, 9, 3, 6, 2, 9, 7, 10, 9}, "887808144247038210869903525246", 7, 7, {21, 20, 1, 29, 21}, {1, 32, 44, 26, 0, 45, 42, 10}, {9504, 2930, 4695, 1630, 6791, 1734, 9471}, {5, 12, 7, 16, 10, 18, 0, 3, 1, 17, 14, 8, 2, 15, 4, 9, 11, 13, 6, 19}, {6, 4, 7, 11, 10, 9, 1, 8, 5, 3, 2, 0}, 0x1.10b325bdd4222p+2, 337424446u, 18347209986408090850uLL, 102u},
    {"1099511627779", {0x1.c21fbe0f92b60p-3, 0x1.1953f8b55c5c9p-1, 0x1.8387c721ffc40p-4, 0x1.f67a42d377090p-1, 0x1.ce555eaca2a00p-1}, {7, 4, 8, 9, 9, 6, 5, 10, 5, 5, 8, 6, 9, 6, 2, 1, 9, 8, 2, 8}, "107800063794949716555966128746", 28, 7, {34, 15, 19, 27, 10}, {19, 31, 1, 15, 4, 41, 34, 11}, {135, 2311, 1462, 7306, 7474, 6153, 7850}, {1, 15, 17, 5, 2, 11, 18, 14, 4, 16, 12, 3, 6, 9, 10, 0, 8, 13, 19, 7}, {2, 9, 7, 4, 6, 3, 0, 10, 8, 11, 5, 1}, 0x1.924c0142f3538p-1, 2644100932u, 18970711066967383uLL, 119u},
    {"1267650600228229401496703205376", {0x1.846ed805268b6p-1, 0x1.ce11e215004a4p-3, 0x1.f5cb802159ee2p-1, 0x1.0ad4c0b771698p-3, 0x1.a8d6124b3caccp-1}, {6, 7, 3, 8, 3, 9, 6, 9, 4, 2, 3, 8, 6, 6, 7, 8, 4, 10, 10, 3}, "599958522717653596585667544243", 42, -5, {32, 26, 35, 12, 36}, {3, 28, 5, 37, 7, 8, 21, 25}, {2532, 5010, 6516, 9024, 8533, 5962, 6238}, {5, 11, 8, 1, 10, 15, 12, 4, 14, 18, 2, 17, 0, 9, 19, 3, 7, 16, 13, 6}, {0, 3, 5, 11, 4, 2, 6, 7, 10, 1, 9, 8}, 0x1.acbbdd8edae5cp+2, 808595721u, 13299575987474491012uLL, 19u},
    {"-5", {0x1.3eecf89059360p-1, 0x1.7bcb8116f23eep-1, 0x1.97239c6c3047fp-1, 0x1.e288d7f5db50cp-1, 0x1.7ad3fc69bae32p-1}, {9, 1, 8, 4, 1, 3, 2, 6, 8, 4, 7, 9, 2, 10, 4, 1, 4, 7, 5, 3}, "536035995486920431399106616353", 14, -8, {4, 8, 28, 8, 8}, {0, 49, 13, 47, 10, 45, 18, 20}, {3258, 8834, 3355, 2976, 3225, 6278, 4895}, {0, 11, 13, 5, 4, 15, 1, 16, 14, 9, 10, 19, 12, 8, 2, 7, 18, 17, 3, 6}, {10, 1, 6, 3, 9, 5, 8, 4, 0, 2, 11, 7}, 0x1.f51f0ce4d4860p-1, 2484719437u, 167466709833948708uLL, 57u},
    {"4294967296", {0x1.ced31cb3df170p-4, 0x1.abdb5477a4f26p-2, 0x1.1139c02ebd380p-6, 0x1.39338e3811e8ep-1, 0x1.9c7dc430ca10dp-1}, {6, 9, 8, 1, 3, 2, 7, 9, 6, 6, 7, 8, 8, 3, 2, 5, 3, 9, 5, 6}, "725020409317927793350360763632", 56, -2, {11, 9, 0, 24, 3}, {22, 45, 1, 16, 14, 10, 4, 49}, {7461, 6851, 7172, 2584, 2377, 1450, 4025}, {8, 5, 19, 15, 12, 14, 0, 4, 2, 16, 7, 6, 13, 11, 9, 1, 10, 3, 18, 17}, {4, 6, 3, 5, 8, 11, 7, 9, 2, 10, 1, 0}, 0x1.481127bb18b70p-2, 3863401269u, 1214029198890974116uLL, 8u},
    {"4294967295", {0x1.454d9227a7013p-1, 0x1.a0274a3720bf8p-3, 0x1.36f8c1616ef77p-1, 0x1.2a53dc4d30c46p-2, 0x1.5c30407b15d96p-2}, {7, 5, 6, 8, 7, 2, 4, 10, 3, 8, 9, 6, 3, 1, 6, 1, 7, 8, 10, 5}, "126240156059081705409907973648", 84, 10, {35, 28, 13, 4, 15}, {40, 24, 30, 26, 10, 18, 32, 47}, {707, 6483, 5228, 1336, 4041, 8100, 7080}, {15, 17, 7, 11, 18, 10, 14, 5, 19, 6, 1, 12, 13, 3, 8, 2, 16, 9, 0, 4}, {2, 0, 1, 11, 6, 8, 5, 10, 4, 7, 3, 9}, -0x1.e5ea19b08d416p+0, 272999970u, 17786919147623191311uLL, 97u},
};

std::string toDecimal(const mpz_t v)
{
    std::string s(mpz_sizeinbase(v, 10) + 2, '\0');
    mpz_get_str(s.data(), 10, v);
    s.resize(std::char_traits<char>::length(s.c_str()));
    return s;
}

std::string hex(const std::array<uint8_t, 64>& digest, int bytes)
{
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < bytes; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 15];
    }
    return out;
}

} // namespace

class TestRandom : public QObject {
    Q_OBJECT
private slots:
    void sequencesMatchCPythonForEachSeed()
    {
        for (const auto& c : kSeedCases) {
            MersenneTwister rng;
            mpz_t seed, bits;
            mpz_init_set_str(seed, c.seed, 10);
            mpz_init(bits);
            rng.seed(seed);
            for (double expected : c.randoms)
                QCOMPARE(rng.random(), expected);
            for (int64_t expected : c.randints)
                QCOMPARE(*rng.randint(1, 10), expected);
            rng.getrandbits(100, bits);
            QCOMPARE(toDecimal(bits), std::string(c.bits100));
            QCOMPARE(*rng.randrange(0, 100, 7), c.randrangeStep7);
            QCOMPARE(*rng.randrange(10, -10, -3), c.randrangeNegative);
            for (uint64_t expected : c.choices)
                QCOMPARE(*rng.choiceIndex(37), expected);
            QCOMPARE(*rng.sample(50, 8), c.sampleSmall);
            QCOMPARE(*rng.sample(10000, 7), c.sampleLarge);
            QCOMPARE(*rng.sample(20, 20), c.sampleAll);
            std::vector<uint64_t> items;
            for (uint64_t i = 0; i < 12; ++i)
                items.push_back(i);
            rng.shuffle(items);
            QCOMPARE(items, c.shuffled);
            QCOMPARE(rng.uniform(-2.5, 7.0), c.uniform);
            QCOMPARE(static_cast<uint32_t>(rng.getrandbits64(32)), c.bits32);
            QCOMPARE(rng.getrandbits64(64), c.bits64);
            QCOMPARE(static_cast<uint32_t>(rng.getrandbits64(7)), c.bits7);
            mpz_clear(seed);
            mpz_clear(bits);
        }
    }

    void stringAndBytesSeeds()
    {
        // python3 -c "import random; random.seed(S); print([random.random().hex() for _ in range(3)])"
        struct Case {
            const char8_t* seed;
            size_t length;
            double first[3];
        };
        const Case cases[] = {
            {u8"hello", 5, {0x1.6a441bebd6e04p-2, 0x1.538ec3b087282p-1, 0x1.185fbb071334cp-1}},
            {u8"", 0, {0x1.eba2b25d163e4p-1, 0x1.30d9d60d3da22p-1, 0x1.8d52f16ea3076p-2}},
            {u8"\u00e9\u20ac\U0001F600", 9, {0x1.9940c3089cf00p-4, 0x1.e61fa37360660p-3, 0x1.f7720b2ceff35p-1}},
            {u8"bytes\x00\xff", 7, {0x1.a98ac44a75b2fp-1, 0x1.eeef96e53a728p-1, 0x1.a3fabae4cdf3bp-1}}, // b'bytes\x00\xff'
        };
        for (const auto& c : cases) {
            MersenneTwister rng;
            rng.seedBytes(std::string_view(reinterpret_cast<const char*>(c.seed), c.length));
            for (double expected : c.first)
                QCOMPARE(rng.random(), expected);
        }
    }

    void floatSeedUsesHash()
    {
        // python3 -c "import random; print(hash(1.5)); random.seed(1.5); print([random.random().hex() for _ in range(2)])"
        MersenneTwister rng;
        rng.seedFromHash(1152921504606846977LL);
        QCOMPARE(rng.random(), 0x1.1a80c674aba1ap-1);
        QCOMPARE(rng.random(), 0x1.063d44129e0e2p-2);
    }

    void gaussExpovariateAndChoices()
    {
        // python3 -c "import random; random.seed(3); print([random.gauss(0,1).hex() for _ in range(3)],
        //   random.expovariate(2.0).hex(), random.choices(range(10),k=5), random.choices('abc',[1,2,3],k=6))"
        MersenneTwister rng;
        rng.seed(int64_t(3));
        QCOMPARE(rng.gauss(0, 1), 0x1.83ec9371cbee0p-4);
        QCOMPARE(rng.gauss(0, 1), 0x1.4001990bf4dc8p+0);
        QCOMPARE(rng.gauss(0, 1), -0x1.dcdda01b1fe5ap-1);
        QCOMPARE(rng.expovariate(2.0), 0x1.f72b422c6c306p-2);
        QCOMPARE(rng.choicesIndices(10, 5), (std::vector<uint64_t>{0, 0, 8, 2, 2}));
        QCOMPARE(rng.choicesIndices(std::vector<double>{1, 3, 6}, 6), (std::vector<uint64_t>{2, 1, 2, 1, 2, 0}));
    }

    void bigIntegers()
    {
        // python3 -c "import random; random.seed(3); print(random.getrandbits(0), random.getrandbits(33),
        //   random.getrandbits(1000) % 10**20, random.randrange(10**30), random.randrange(-7, 2**70, 3))"
        MersenneTwister rng;
        rng.seed(int64_t(3));
        mpz_t v, m, a, b, s;
        mpz_inits(v, m, a, b, s, nullptr);
        rng.getrandbits(0, v);
        QCOMPARE(toDecimal(v), std::string("0"));
        rng.getrandbits(33, v);
        QCOMPARE(toDecimal(v), std::string("5317017597"));
        rng.getrandbits(1000, v);
        mpz_ui_pow_ui(m, 10, 20);
        mpz_mod(v, v, m);
        QCOMPARE(toDecimal(v), std::string("34951396118165101386"));
        mpz_ui_pow_ui(a, 10, 30);
        QVERIFY(!rng.randrange(a, v));
        QCOMPARE(toDecimal(v), std::string("516819661128292290853904856964"));
        mpz_set_si(a, -7);
        mpz_ui_pow_ui(b, 2, 70);
        mpz_set_si(s, 3);
        QVERIFY(!rng.randrange(a, b, s, v));
        QCOMPARE(toDecimal(v), std::string("1162983100582617156548"));
        mpz_clears(v, m, a, b, s, nullptr);
    }

    void errorsMatchCPython()
    {
        // python3 -c "import random; random.randrange(*ARGS)" for each ARGS below; sample/choice likewise
        MersenneTwister rng;
        RandomError error;
        mpz_t zero, out;
        mpz_init(zero);
        mpz_init(out);
        auto e = rng.randrange(zero, out);
        QVERIFY(e);
        QCOMPARE(e->message, std::string("empty range for randrange()"));
        QVERIFY(!rng.randrange(5, 2, 1, &error));
        QCOMPARE(error.message, std::string("empty range for randrange() (5, 2, -3)"));
        QVERIFY(!rng.randrange(5, 5, 1, &error));
        QCOMPARE(error.message, std::string("empty range for randrange() (5, 5, 0)"));
        QVERIFY(!rng.randrange(0, 10, 0, &error));
        QCOMPARE(error.message, std::string("zero step for randrange()"));
        QVERIFY(!rng.randrange(0, 10, -1, &error));
        QCOMPARE(error.message, std::string("empty range for randrange()"));
        QVERIFY(!rng.randrange(10, 0, 2, &error));
        QCOMPARE(error.message, std::string("empty range for randrange()"));
        QVERIFY(!rng.randint(5, 3, &error));
        QCOMPARE(error.message, std::string("empty range for randrange() (5, 4, -1)"));
        QVERIFY(!rng.sample(3, 4, &error));
        QCOMPARE(error.message, std::string("Sample larger than population or is negative"));
        QVERIFY(!rng.choiceIndex(0, &error));
        QVERIFY(error.isIndexError);
        QCOMPARE(error.message, std::string("Cannot choose from an empty sequence"));
        mpz_clear(zero);
        mpz_clear(out);
    }

    void sha512MatchesHashlib()
    {
        // python3 -c "import hashlib; print([hashlib.sha512(b).hexdigest()[:32] for b in (b'', b'abc', b'a'*200)])"
        QCOMPARE(hex(sha512(""), 16), std::string("cf83e1357eefb8bdf1542850d66d8007"));
        QCOMPARE(hex(sha512("abc"), 16), std::string("ddaf35a193617abacc417349ae204131"));
        QCOMPARE(hex(sha512(std::string(200, 'a')), 16), std::string("4b11459c33f52a22ee8236782714c150"));
    }

    void copiesReplayTheSameStream()
    {
        MersenneTwister rng;
        rng.seed(int64_t(99));
        rng.random();
        MersenneTwister copy = rng;
        QVERIFY(copy == rng);
        QCOMPARE(copy.random(), rng.random());
    }
};

QTEST_GUILESS_MAIN(TestRandom)
#include "tst_random.moc"

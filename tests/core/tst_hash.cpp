// Facts about CPython 3.11's hash(), recorded by running python3 (one-liners above each table).
#include <QtTest>

#include <cmath>
#include <string>
#include <vector>

#include "support/hash.h"

using namespace loopscope::support;

namespace {

struct StrCase {
    const char8_t* text;
    int64_t expected;
};

// PYTHONHASHSEED=0 python3 -c "for s in STRINGS: print(repr(s), hash(s))"
const StrCase kStrCases[] = {
        {u8"", 0LL},
        {u8"a", 4644417185603328019LL},
        {u8"abc", -4594863902769663758LL},
        {u8"hello world", -5642461784034726774LL},
        {u8"\xc3\xa9""", 6047309291227476195LL},
        {u8"\xe2\x82\xac""", -5529981157763016009LL},
        {u8"abcdefgh", 4574395652268504554LL},
        {u8"abcdefghi", -532774252720507163LL},
        {u8"\xc3\xbf""\xc3\xbe""", -1440243854243083951LL},
        {u8"a\xc3\xa9""\xe2\x82\xac""", -5681234222116292567LL},
        {u8"\xf0\x9f\x98\x80""", -3536540696076613844LL},
        {u8"x\xf0\x9f\x98\x80""y", 4642876134759756482LL},
        {u8"asyncio", 1316996259407974083LL},
        {u8"Task-1", 5530850578838861744LL},
        {u8"0123456789abcdef", 2108444454683020324LL},
        {u8"\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""\xc3\xbc""", -6995545538371365565LL},
};

struct BytesCase {
    const char* bytes;
    size_t length;
    int64_t expected;
};

// PYTHONHASHSEED=0 python3 -c "for b in BYTES: print(b, hash(b))"
const BytesCase kBytesCases[] = {
        {"", 0, 0LL},
        {"\x61\x62\x63", 3, -4594863902769663758LL},
        {"\x00", 1, 7541581120933061747LL},
        {"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", 20, -6492513978079487457LL},
        {"\x31\x32\x33\x34\x35\x36\x37\x38", 8, 3785724242978802311LL},
};

struct IntCase {
    const char* value;
    int64_t expected;
};

// python3 -c "for v in INTS: print(v, hash(v))"
const IntCase kIntCases[] = {
        {"0", 0LL},
        {"1", 1LL},
        {"-1", -2LL},
        {"-2", -2LL},
        {"2305843009213693950", 2305843009213693950LL},
        {"2305843009213693951", 0LL},
        {"2305843009213693952", 1LL},
        {"-2305843009213693951", 0LL},
        {"9223372036854775807", 3LL},
        {"-9223372036854775808", -4LL},
        {"18446744073709551616", 8LL},
        {"10000000000000000000000000000000000000000", 1388497483929617590LL},
        {"-10000000000000000000000000000000000000000", -1388497483929617590LL},
        {"5316911983139663491615228241121378301", 2305843009213693949LL},
};

struct FloatCase {
    double value;
    int64_t expected;
};

// python3 -c "for v in FLOATS: print(v.hex(), hash(v))"
const FloatCase kFloatCases[] = {
        {0x0.0p+0, 0LL},
        {-0x0.0p+0, 0LL},
        {0x1.0000000000000p+0, 1LL},
        {-0x1.0000000000000p+0, -2LL},
        {0x1.8000000000000p+0, 1152921504606846977LL},
        {-0x1.8000000000000p+0, -1152921504606846977LL},
        {0x1.999999999999ap-4, 230584300921369408LL},
        {0x1.7e43c8800759cp+996, 1224995262755759164LL},
        {0x1.56e1fc2f8f359p-997, 482449582752280463LL},
        {0x0.0000000000001p-1022, 16777216LL},
        {0x1.0000000000000p+61, 1LL},
        {0x1.0000000000000p+62, 2LL},
        {-0x1.4000000000000p+1, -1152921504606846978LL},
        {0x1.921f9f01b866ep+1, 326484311674566659LL},
        {0x1.1c37937e08000p+53, 10000000000000000LL},
        {HUGE_VAL, 314159LL},
        {-HUGE_VAL, -314159LL},
        {0x1.e240c9fbe76c9p+16, 1819310134279660096LL},
};

struct TupleCase {
    std::vector<int64_t> items;
    int64_t expected;
};

// python3 -c "for t in TUPLES: print([hash(x) for x in t], hash(t))"
const TupleCase kTupleCases[] = {
        {{}, 5740354900026072187LL},
        {{1LL}, -6644214454873602895LL},
        {{1LL, 2LL}, -3550055125485641917LL},
        {{1LL, 2LL, 3LL}, 529344067295497451LL},
        {{8325996742127192952LL, 1LL}, 2162582242915194131LL},
        {{5740354900026072187LL}, -5486347211504344842LL},
        {{-2LL}, 8078679518589016365LL},
        {{1152921504606846977LL, 4810555226631897569LL, 1LL}, -8718197844249405896LL},
};

} // namespace

class TestHash : public QObject {
    Q_OBJECT
private slots:
    void strWithHashSeedZero()
    {
        for (const auto& c : kStrCases)
            QCOMPARE(hashStr(reinterpret_cast<const char*>(c.text)), c.expected);
    }

    void bytesWithHashSeedZero()
    {
        for (const auto& c : kBytesCases)
            QCOMPARE(hashBytes(std::string_view(c.bytes, c.length)), c.expected);
    }

    void otherHashSeed()
    {
        // PYTHONHASHSEED=42 python3 -c "print(hash('abc'), hash(b'hello'), hash('€uro'))"
        const HashKey key = hashKeyFromSeed(42);
        QCOMPARE(hashStr("abc", key), 3869580338025362921LL);
        QCOMPARE(hashBytes("hello", key), 841626496250501200LL);
        QCOMPARE(hashStr(reinterpret_cast<const char*>(u8"\u20acuro"), key), 6573934580854229043LL);
    }

    void ints()
    {
        for (const auto& c : kIntCases) {
            mpz_t z;
            mpz_init_set_str(z, c.value, 10);
            QCOMPARE(hashInt(z), c.expected);
            if (mpz_fits_slong_p(z))
                QCOMPARE(hashInt(static_cast<int64_t>(mpz_get_si(z))), c.expected);
            mpz_clear(z);
        }
    }

    void floats()
    {
        for (const auto& c : kFloatCases)
            QCOMPARE(hashDouble(c.value), c.expected);
        // Integral floats hash as the equal int.
        QCOMPARE(hashDouble(-1.0), hashInt(int64_t(-1)));
        QCOMPARE(hashDouble(1e15), hashInt(int64_t(1000000000000000)));
        // NaN hashes by identity in 3.11.
        QCOMPARE(hashDouble(std::nan(""), 8765), int64_t(8765));
        QCOMPARE(hashDouble(std::nan(""), -1), int64_t(-2));
    }

    void tuples()
    {
        for (const auto& c : kTupleCases)
            QCOMPARE(hashTuple(c.items), c.expected);
    }
};

QTEST_GUILESS_MAIN(TestHash)
#include "tst_hash.moc"

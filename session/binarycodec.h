#pragma once
// Little helpers for the session file's binary encoding: LEB128 varints, little-endian fixed
// widths, and a reader that never reads past its end (every read reports failure instead).

#include <QByteArray>

#include <bit>
#include <cstdint>
#include <cstring>

namespace loopscope::detail {

class ByteWriter {
public:
    void byte(uint8_t v) { m_data.append(static_cast<char>(v)); }
    void varint(uint64_t v)
    {
        while (v >= 0x80) {
            byte(static_cast<uint8_t>(v) | 0x80);
            v >>= 7;
        }
        byte(static_cast<uint8_t>(v));
    }
    void u16(uint16_t v) { fixed(v, 2); }
    void u32(uint32_t v) { fixed(v, 4); }
    void f64(double v) { fixed(std::bit_cast<uint64_t>(v), 8); }
    void bytes(const QByteArray& b) { m_data.append(b); }
    /// A length-prefixed UTF-8 string.
    void string(const QByteArray& utf8)
    {
        varint(static_cast<uint64_t>(utf8.size()));
        m_data.append(utf8);
    }
    QByteArray& data() { return m_data; }

private:
    void fixed(uint64_t v, int width)
    {
        for (int i = 0; i < width; ++i) byte(static_cast<uint8_t>(v >> (8 * i)));
    }
    QByteArray m_data;
};

class ByteReader {
public:
    explicit ByteReader(const QByteArray& data)
        : m_p(reinterpret_cast<const uint8_t*>(data.constData()))
        , m_size(static_cast<size_t>(data.size()))
    {
    }
    size_t remaining() const { return m_size - m_pos; }
    size_t position() const { return m_pos; }
    bool atEnd() const { return m_pos == m_size; }

    bool byte(uint8_t* v)
    {
        if (m_pos >= m_size) return false;
        *v = m_p[m_pos++];
        return true;
    }
    /// At most 10 bytes; a value that overflows 64 bits is refused.
    bool varint(uint64_t* v)
    {
        uint64_t result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t b;
            if (!byte(&b)) return false;
            if (shift == 63 && b > 1) return false;
            result |= static_cast<uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) {
                *v = result;
                return true;
            }
        }
        return false;
    }
    bool u16(uint16_t* v) { return fixed(v, 2); }
    bool u32(uint32_t* v) { return fixed(v, 4); }
    bool f64(double* v)
    {
        uint64_t bits;
        if (!fixed(&bits, 8)) return false;
        *v = std::bit_cast<double>(bits);
        return true;
    }
    bool bytes(size_t n, QByteArray* out)
    {
        if (n > remaining()) return false;
        *out = QByteArray(reinterpret_cast<const char*>(m_p + m_pos), static_cast<qsizetype>(n));
        m_pos += n;
        return true;
    }
    bool string(std::string* out)
    {
        uint64_t n;
        if (!varint(&n) || n > remaining()) return false;
        out->assign(reinterpret_cast<const char*>(m_p + m_pos), static_cast<size_t>(n));
        m_pos += static_cast<size_t>(n);
        return true;
    }

private:
    template <class T>
    bool fixed(T* v, int width)
    {
        if (remaining() < static_cast<size_t>(width)) return false;
        uint64_t r = 0;
        for (int i = 0; i < width; ++i) r |= static_cast<uint64_t>(m_p[m_pos + i]) << (8 * i);
        m_pos += static_cast<size_t>(width);
        *v = static_cast<T>(r);
        return true;
    }
    const uint8_t* m_p;
    size_t m_size;
    size_t m_pos = 0;
};

} // namespace loopscope::detail

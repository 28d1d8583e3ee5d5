// A plainly written decimal number (`DecimalNumber.plainValue` in Basics) read sixteen bytes at
// a time with SSE2, part of every x86-64 processor: no branch a digit. The byte-at-a-time loop
// mispredicted twice a number, at the point and at the end, whose places vary cell to cell; on a
// million rows of 16 numbers that loop was a fifth of loading them, and reading them this way
// took the load from 0.87 to 0.73 s of CPU time (issue 26). Elsewhere, and for
// a cell that is no plain number of at most 16 bytes, the caller's loop. Header-only, so the
// compiler inlines it into the CSV reader.
#ifndef MODELPRESS_DECIMAL_DIGITS_H
#define MODELPRESS_DECIMAL_DIGITS_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// Whether the fast reading below exists on this processor (else `mp_plain_decimal` is never called).
static inline int mp_plain_decimal_available(void) {
#if defined(__SSE2__)
    return 1;
#else
    return 0;
#endif
}

/// The number the `length` bytes (1 to 16) ending at `end` spell when they are an optional `-`,
/// then digits with at most one `.` among them, 1 to 15 digits in all; else NaN, which no such
/// text spells. The 16 bytes before `end` must all be readable (the cell's and any before it).
/// The digits make an integer below 10^15, exact in a double, divided by a power of ten below
/// 10^16, also exact: one correctly rounded division, strtod's result (Clinger's fast path, "How
/// to read floating point numbers accurately", PLDI 1990).
static inline double mp_plain_decimal(const uint8_t *end, int length) {
#if defined(__SSE2__)
    static const double powers[16] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    // Lane k holds the byte 16 - k before `end`: the cell is lanes 16 - length ..< 16.
    const __m128i lanes = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m128i bytes = _mm_loadu_si128((const __m128i *)(end - 16));
    const unsigned first = 16u - (unsigned)length;
    const unsigned cell = (0xFFFFu << first) & 0xFFFFu;
    const __m128i digits = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
    // A digit is 0 to 9 after the subtraction: its unsigned minimum with 9 is itself.
    const __m128i isDigit = _mm_cmpeq_epi8(_mm_min_epu8(digits, _mm_set1_epi8(9)), digits);
    const unsigned digitLanes = (unsigned)_mm_movemask_epi8(isDigit) & cell;
    const unsigned points = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('.'))) & cell;
    const int negative = end[-length] == '-';
    const unsigned sign = negative ? 1u << first : 0u;
    if ((digitLanes | points | sign) != cell || (points & (points - 1)) != 0) return __builtin_nan("");
    // Every other byte is a digit.
    const int count = length - negative - (points != 0);
    if (count == 0 || count > 15) return __builtin_nan("");
    // The digits with the point taken out: the lanes up to the point take their left
    // neighbour's digit, so the digits before the point end where it was.
    const int point = points ? __builtin_ctz(points) : -1;
    const __m128i after = _mm_cmpgt_epi8(lanes, _mm_set1_epi8((char)point));
    const __m128i inCell = _mm_cmpgt_epi8(lanes, _mm_set1_epi8((char)((int)first - 1)));
    const __m128i kept = _mm_and_si128(digits, _mm_and_si128(isDigit, inCell));
    const __m128i joined = _mm_or_si128(_mm_and_si128(after, kept), _mm_andnot_si128(after, _mm_slli_si128(kept, 1)));
    // Sixteen digits, most significant first, to two 8-digit integers: pairs (×10 + 1), then
    // pairs of pairs (×100 + 1), then of those (×10,000 + 1), each a multiply-add of 16-bit lanes.
    const __m128i zero = _mm_setzero_si128();
    const __m128i tens = _mm_set1_epi32(10 | (1 << 16));
    const __m128i high = _mm_madd_epi16(_mm_unpacklo_epi8(joined, zero), tens);
    const __m128i low = _mm_madd_epi16(_mm_unpackhi_epi8(joined, zero), tens);
    const __m128i hundreds = _mm_madd_epi16(_mm_packs_epi32(high, low), _mm_set1_epi32(100 | (1 << 16)));
    const __m128i eights = _mm_madd_epi16(_mm_packs_epi32(hundreds, hundreds), _mm_set1_epi32(10000 | (1 << 16)));
    const uint64_t upper = (uint32_t)_mm_cvtsi128_si32(eights);
    const uint64_t lower = (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(eights, 4));
    double result = (double)(int64_t)(upper * 100000000u + lower);
    if (point >= 0) result /= powers[15 - point];
    return negative ? -result : result;
#else
    (void)end;
    (void)length;
    return __builtin_nan("");
#endif
}

#endif

// Where the bytes that matter to the CSV reader's plain lines (`PlainLine` in Models) are among
// 64 bytes of text, as two masks with bit k for byte k: the separators, and the bytes that stop
// a plain line (LF, CR, a quote, any byte of 0x80 or more). With SSE2, part of every x86-64
// processor, sixteen bytes a comparison: a third of the instructions the 8-byte SWAR words
// took; elsewhere a byte at a time. Header-only, so the compiler inlines it into the reader.
#ifndef MODELPRESS_BYTE_MASKS_H
#define MODELPRESS_BYTE_MASKS_H

#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

typedef struct {
    uint64_t separators;
    uint64_t stops;
} mp_line_masks;

/// The masks of the 64 bytes at `bytes`, which must all be readable.
static inline mp_line_masks mp_plain_line_masks(const uint8_t *bytes, uint8_t separator) {
    mp_line_masks masks = {0, 0};
#if defined(__SSE2__)
    const __m128i separators = _mm_set1_epi8((char)separator);
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
    for (int part = 0; part < 4; part++) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(bytes + 16 * part));
        const __m128i breaks = _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr));
        // A lane's high bit: set where a comparison matched, and in a byte of 0x80 or more.
        const __m128i stops = _mm_or_si128(_mm_or_si128(breaks, _mm_cmpeq_epi8(v, quote)), v);
        masks.separators |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, separators)) << (16 * part);
        masks.stops |= (uint64_t)(uint16_t)_mm_movemask_epi8(stops) << (16 * part);
    }
#else
    for (int k = 0; k < 64; k++) {
        const uint8_t byte = bytes[k];
        if (byte == separator) masks.separators |= (uint64_t)1 << k;
        if (byte == '\n' || byte == '\r' || byte == '"' || byte >= 0x80) masks.stops |= (uint64_t)1 << k;
    }
#endif
    return masks;
}

#endif

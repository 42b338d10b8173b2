// What the build's CPU target requires, read from the compiler's predefined macros under the same -march
// flag as every Swift module. This file holds data only: no code compiled for the target runs before the
// CPU check (Sources/CPUCheck, compiled for the baseline x86-64) has read it.
#include "CPUTarget.h"

#define TOYSTUDY_STRING(x) #x
#define TOYSTUDY_EXPANDED_STRING(x) TOYSTUDY_STRING(x)

const char *const toystudy_build_march = TOYSTUDY_EXPANDED_STRING(TOYSTUDY_MARCH);

const uint64_t toystudy_required_cpu_features = 0
#ifdef __SSE3__
    | TOYSTUDY_FEATURE(SSE3)
#endif
#ifdef __SSSE3__
    | TOYSTUDY_FEATURE(SSSE3)
#endif
#ifdef __SSE4_1__
    | TOYSTUDY_FEATURE(SSE4_1)
#endif
#ifdef __SSE4_2__
    | TOYSTUDY_FEATURE(SSE4_2)
#endif
#ifdef __POPCNT__
    | TOYSTUDY_FEATURE(POPCNT)
#endif
#ifdef __AVX__
    | TOYSTUDY_FEATURE(AVX)
#endif
#ifdef __AVX2__
    | TOYSTUDY_FEATURE(AVX2)
#endif
#ifdef __BMI__
    | TOYSTUDY_FEATURE(BMI1)
#endif
#ifdef __BMI2__
    | TOYSTUDY_FEATURE(BMI2)
#endif
#ifdef __F16C__
    | TOYSTUDY_FEATURE(F16C)
#endif
#ifdef __FMA__
    | TOYSTUDY_FEATURE(FMA)
#endif
#ifdef __LZCNT__
    | TOYSTUDY_FEATURE(LZCNT)
#endif
#ifdef __MOVBE__
    | TOYSTUDY_FEATURE(MOVBE)
#endif
#ifdef __AVX512F__
    | TOYSTUDY_FEATURE(AVX512F)
#endif
#ifdef __AVX512BW__
    | TOYSTUDY_FEATURE(AVX512BW)
#endif
#ifdef __AVX512CD__
    | TOYSTUDY_FEATURE(AVX512CD)
#endif
#ifdef __AVX512DQ__
    | TOYSTUDY_FEATURE(AVX512DQ)
#endif
#ifdef __AVX512VL__
    | TOYSTUDY_FEATURE(AVX512VL)
#endif
#ifdef __AVX512IFMA__
    | TOYSTUDY_FEATURE(AVX512IFMA)
#endif
#ifdef __AVX512VBMI__
    | TOYSTUDY_FEATURE(AVX512VBMI)
#endif
#ifdef __AVX512VBMI2__
    | TOYSTUDY_FEATURE(AVX512VBMI2)
#endif
#ifdef __AVX512VNNI__
    | TOYSTUDY_FEATURE(AVX512VNNI)
#endif
#ifdef __AVX512BITALG__
    | TOYSTUDY_FEATURE(AVX512BITALG)
#endif
#ifdef __AVX512VPOPCNTDQ__
    | TOYSTUDY_FEATURE(AVX512VPOPCNTDQ)
#endif
#ifdef __AVX512BF16__
    | TOYSTUDY_FEATURE(AVX512BF16)
#endif
#ifdef __AVX512FP16__
    | TOYSTUDY_FEATURE(AVX512FP16)
#endif
#ifdef __GFNI__
    | TOYSTUDY_FEATURE(GFNI)
#endif
#ifdef __VAES__
    | TOYSTUDY_FEATURE(VAES)
#endif
#ifdef __VPCLMULQDQ__
    | TOYSTUDY_FEATURE(VPCLMULQDQ)
#endif
#ifdef __AVXVNNI__
    | TOYSTUDY_FEATURE(AVXVNNI)
#endif
    ;

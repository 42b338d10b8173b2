#ifndef TOYSTUDY_CPU_TARGET_H
#define TOYSTUDY_CPU_TARGET_H

#include <stdint.h>

/// The x86 instruction-set extensions that code compiled for a CPU target may use: the features of the
/// x86-64-v2, -v3 and -v4 levels, and the AVX-512 extensions of newer CPUs that `-march=native` can enable.
/// Bit i of a feature mask is feature i.
enum toystudy_cpu_feature {
    TOYSTUDY_SSE3, TOYSTUDY_SSSE3, TOYSTUDY_SSE4_1, TOYSTUDY_SSE4_2, TOYSTUDY_POPCNT,
    TOYSTUDY_AVX, TOYSTUDY_AVX2, TOYSTUDY_BMI1, TOYSTUDY_BMI2, TOYSTUDY_F16C, TOYSTUDY_FMA, TOYSTUDY_LZCNT,
    TOYSTUDY_MOVBE,
    TOYSTUDY_AVX512F, TOYSTUDY_AVX512BW, TOYSTUDY_AVX512CD, TOYSTUDY_AVX512DQ, TOYSTUDY_AVX512VL,
    TOYSTUDY_AVX512IFMA, TOYSTUDY_AVX512VBMI, TOYSTUDY_AVX512VBMI2, TOYSTUDY_AVX512VNNI, TOYSTUDY_AVX512BITALG,
    TOYSTUDY_AVX512VPOPCNTDQ, TOYSTUDY_AVX512BF16, TOYSTUDY_AVX512FP16, TOYSTUDY_GFNI, TOYSTUDY_VAES,
    TOYSTUDY_VPCLMULQDQ, TOYSTUDY_AVXVNNI,
    TOYSTUDY_CPU_FEATURE_COUNT
};

#define TOYSTUDY_FEATURE(f) (UINT64_C(1) << TOYSTUDY_##f)

/// The micro-architecture levels (x86-64 psABI), each with the levels below it.
#define TOYSTUDY_X86_64_V2 (TOYSTUDY_FEATURE(SSE3) | TOYSTUDY_FEATURE(SSSE3) | TOYSTUDY_FEATURE(SSE4_1) \
    | TOYSTUDY_FEATURE(SSE4_2) | TOYSTUDY_FEATURE(POPCNT))
#define TOYSTUDY_X86_64_V3 (TOYSTUDY_X86_64_V2 | TOYSTUDY_FEATURE(AVX) | TOYSTUDY_FEATURE(AVX2) \
    | TOYSTUDY_FEATURE(BMI1) | TOYSTUDY_FEATURE(BMI2) | TOYSTUDY_FEATURE(F16C) | TOYSTUDY_FEATURE(FMA) \
    | TOYSTUDY_FEATURE(LZCNT) | TOYSTUDY_FEATURE(MOVBE))
#define TOYSTUDY_X86_64_V4 (TOYSTUDY_X86_64_V3 | TOYSTUDY_FEATURE(AVX512F) | TOYSTUDY_FEATURE(AVX512BW) \
    | TOYSTUDY_FEATURE(AVX512CD) | TOYSTUDY_FEATURE(AVX512DQ) | TOYSTUDY_FEATURE(AVX512VL))

/// The features the build's CPU target lets the compiler use: the code of every module may contain their
/// instructions, so a CPU without one of them cannot run the binary.
extern const uint64_t toystudy_required_cpu_features;

/// The build's CPU target as given to `-march` (TOYSTUDY_MARCH, `native` by default).
extern const char *const toystudy_build_march;

#endif

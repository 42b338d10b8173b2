// Stops a binary built for a newer CPU than the one it runs on with a message that says what to rebuild,
// instead of the "illegal instruction" its first SIMD kernel would die with. This target is compiled for the
// baseline x86-64 (no -march), and the check runs as a constructor, before main and before any Swift code,
// so it never executes an instruction the CPU lacks. What the build requires comes from CPUTarget, the data
// compiled under the build's -march.
#include "CPUCheck.h"

#if defined(__x86_64__)

#include <cpuid.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "CPUTarget.h"

/// Extended state (XCR0) that the operating system must save for a feature's registers.
enum register_state { SSE_STATE = 0, YMM_STATE = 0x6, ZMM_STATE = 0xE6 };
enum cpuid_register { EAX, EBX, ECX, EDX };

/// Where CPUID reports a feature (Intel SDM vol. 2A, CPUID; AMD APM vol. 3, appendix E).
struct feature_location {
    const char *name;
    unsigned leaf, subleaf;
    enum cpuid_register reg;
    unsigned bit;
    enum register_state state;
};

static const struct feature_location locations[TOYSTUDY_CPU_FEATURE_COUNT] = {
    [TOYSTUDY_SSE3] = {"SSE3", 1, 0, ECX, 0, SSE_STATE},
    [TOYSTUDY_SSSE3] = {"SSSE3", 1, 0, ECX, 9, SSE_STATE},
    [TOYSTUDY_SSE4_1] = {"SSE4.1", 1, 0, ECX, 19, SSE_STATE},
    [TOYSTUDY_SSE4_2] = {"SSE4.2", 1, 0, ECX, 20, SSE_STATE},
    [TOYSTUDY_POPCNT] = {"POPCNT", 1, 0, ECX, 23, SSE_STATE},
    [TOYSTUDY_AVX] = {"AVX", 1, 0, ECX, 28, YMM_STATE},
    [TOYSTUDY_AVX2] = {"AVX2", 7, 0, EBX, 5, YMM_STATE},
    [TOYSTUDY_BMI1] = {"BMI1", 7, 0, EBX, 3, SSE_STATE},
    [TOYSTUDY_BMI2] = {"BMI2", 7, 0, EBX, 8, SSE_STATE},
    [TOYSTUDY_F16C] = {"F16C", 1, 0, ECX, 29, YMM_STATE},
    [TOYSTUDY_FMA] = {"FMA", 1, 0, ECX, 12, YMM_STATE},
    [TOYSTUDY_LZCNT] = {"LZCNT", 0x80000001, 0, ECX, 5, SSE_STATE},
    [TOYSTUDY_MOVBE] = {"MOVBE", 1, 0, ECX, 22, SSE_STATE},
    [TOYSTUDY_AVX512F] = {"AVX512F", 7, 0, EBX, 16, ZMM_STATE},
    [TOYSTUDY_AVX512BW] = {"AVX512BW", 7, 0, EBX, 30, ZMM_STATE},
    [TOYSTUDY_AVX512CD] = {"AVX512CD", 7, 0, EBX, 28, ZMM_STATE},
    [TOYSTUDY_AVX512DQ] = {"AVX512DQ", 7, 0, EBX, 17, ZMM_STATE},
    [TOYSTUDY_AVX512VL] = {"AVX512VL", 7, 0, EBX, 31, ZMM_STATE},
    [TOYSTUDY_AVX512IFMA] = {"AVX512IFMA", 7, 0, EBX, 21, ZMM_STATE},
    [TOYSTUDY_AVX512VBMI] = {"AVX512VBMI", 7, 0, ECX, 1, ZMM_STATE},
    [TOYSTUDY_AVX512VBMI2] = {"AVX512VBMI2", 7, 0, ECX, 6, ZMM_STATE},
    [TOYSTUDY_AVX512VNNI] = {"AVX512VNNI", 7, 0, ECX, 11, ZMM_STATE},
    [TOYSTUDY_AVX512BITALG] = {"AVX512BITALG", 7, 0, ECX, 12, ZMM_STATE},
    [TOYSTUDY_AVX512VPOPCNTDQ] = {"AVX512VPOPCNTDQ", 7, 0, ECX, 14, ZMM_STATE},
    [TOYSTUDY_AVX512BF16] = {"AVX512BF16", 7, 1, EAX, 5, ZMM_STATE},
    [TOYSTUDY_AVX512FP16] = {"AVX512FP16", 7, 0, EDX, 23, ZMM_STATE},
    [TOYSTUDY_GFNI] = {"GFNI", 7, 0, ECX, 8, SSE_STATE},
    [TOYSTUDY_VAES] = {"VAES", 7, 0, ECX, 9, YMM_STATE},
    [TOYSTUDY_VPCLMULQDQ] = {"VPCLMULQDQ", 7, 0, ECX, 10, YMM_STATE},
    [TOYSTUDY_AVXVNNI] = {"AVXVNNI", 7, 1, EAX, 4, YMM_STATE},
};

/// The register state the operating system saves on a context switch (XCR0); without it, AVX and AVX-512
/// instructions fault even on a CPU that has them.
static unsigned long long saved_register_state(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_OSXSAVE)) return 0;
    unsigned low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((unsigned long long)high << 32) | low;
}

/// The features this CPU (and its operating system) can execute, as a mask over toystudy_cpu_feature.
static uint64_t available_features(void) {
    const unsigned long long state = saved_register_state();
    uint64_t available = 0;
    for (int f = 0; f < TOYSTUDY_CPU_FEATURE_COUNT; f++) {
        const struct feature_location *where = &locations[f];
        unsigned regs[4];
        if (!__get_cpuid_count(where->leaf, where->subleaf, &regs[EAX], &regs[EBX], &regs[ECX], &regs[EDX])) continue;
        if ((regs[where->reg] >> where->bit & 1) && (state & where->state) == where->state)
            available |= UINT64_C(1) << f;
    }
    return available;
}

/// The highest x86-64 level this CPU runs: the TOYSTUDY_MARCH to rebuild with.
static const char *highest_level(uint64_t available) {
    if ((available & TOYSTUDY_X86_64_V4) == TOYSTUDY_X86_64_V4) return "x86-64-v4";
    if ((available & TOYSTUDY_X86_64_V3) == TOYSTUDY_X86_64_V3) return "x86-64-v3";
    if ((available & TOYSTUDY_X86_64_V2) == TOYSTUDY_X86_64_V2) return "x86-64-v2";
    return "x86-64";
}

/// Priority 101, the first a program may use: runs before the other constructors of the executable.
__attribute__((constructor(101))) static void toystudy_check_cpu(void) {
    const uint64_t available = available_features();
    const uint64_t missing = toystudy_required_cpu_features & ~available;
    if (missing == 0) return;
    fprintf(stderr, "toystudy: built for %s%s, this CPU lacks", toystudy_build_march,
            strcmp(toystudy_build_march, "native") == 0 ? " (the build machine's CPU)" : "");
    const char *separator = " ";
    for (int f = 0; f < TOYSTUDY_CPU_FEATURE_COUNT; f++) {
        if (missing >> f & 1) {
            fprintf(stderr, "%s%s", separator, locations[f].name);
            separator = ", ";
        }
    }
    fprintf(stderr, "; rebuild with TOYSTUDY_MARCH=%s (or TOYSTUDY_MARCH=native on the node)\n",
            highest_level(available));
    fflush(stderr);
    _exit(2);
}

#endif

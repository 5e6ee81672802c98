/* The arithmetic peak of one core, for `make bench`'s lower bound: independent chains of
 * vector multiply-adds (fused when the CPU has FMA), float32 and float64, in GFLOP/s
 * (a multiply-add counts as 2 FLOPs). Built with -O2 -march=native so it uses the widest
 * vectors this CPU has; the best of several timed runs is printed, one line:
 *   peak f32_gflops=... f64_gflops=... vector_bytes=...
 * Not here: memory bandwidth, or anything Weightscope does. */
#include <stdio.h>
#include <time.h>

#if defined(__AVX512F__)
#define VBYTES 64
#elif defined(__AVX__)
#define VBYTES 32
#else
#define VBYTES 16
#endif
#define CHAINS 12 /* enough independent accumulators to cover the FMA latency */
#define ITERATIONS 20000000L

typedef float vf __attribute__((vector_size(VBYTES)));
typedef double vd __attribute__((vector_size(VBYTES)));

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define PEAK(NAME, T, S)                                                        \
  static double NAME(S seed) {                                                  \
    T acc[CHAINS], m, a;                                                        \
    for (int i = 0; i < (int)(VBYTES / sizeof(S)); i++) {                       \
      m[i] = (S)0.999999;                                                       \
      a[i] = seed * (S)1e-7;                                                    \
    }                                                                           \
    for (int c = 0; c < CHAINS; c++) acc[c] = a * (S)(c + 1);                   \
    double start = now();                                                       \
    for (long n = 0; n < ITERATIONS; n++) {                                     \
      _Pragma("GCC unroll 16")                                                  \
      for (int c = 0; c < CHAINS; c++) acc[c] = acc[c] * m + a;                 \
    }                                                                           \
    double seconds = now() - start;                                             \
    S sink = 0;                                                                 \
    for (int c = 0; c < CHAINS; c++) sink += acc[c][0];                         \
    if (sink == (S)12345.678) printf("%f\n", (double)sink);                     \
    return 2.0 * CHAINS * (VBYTES / sizeof(S)) * ITERATIONS / seconds / 1e9;    \
  }

PEAK(peak_f32, vf, float)
PEAK(peak_f64, vd, double)

int main(int argc, char **argv) {
  double f32 = 0, f64 = 0;
  for (int run = 0; run < 3; run++) {
    double a = peak_f32((float)argc), b = peak_f64((double)argc);
    if (a > f32) f32 = a;
    if (b > f64) f64 = b;
  }
  (void)argv;
  printf("peak f32_gflops=%.1f f64_gflops=%.1f vector_bytes=%d\n", f32, f64, VBYTES);
  return 0;
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
static class P {
  [MethodImpl(MethodImplOptions.NoInlining)]
  static long Chain(long n, long x) { for (long i = 0; i < n; i++) { x = x * 3 + 1; x = x * 3 + 1; x = x * 3 + 1; x = x * 3 + 1; } return x; }
  static void Main() {
    Chain(1000, 1);
    for (int r = 0; r < 5; r++) { var sw = Stopwatch.StartNew(); var x = Chain(100_000_000, r); var s = sw.Elapsed.TotalSeconds;
      // x*3+1 as lea (1 cycle) + imul? measure both: imul latency 3, add 1 -> assume lea x+2x (1) + add 1 => 2 cycles
      Console.WriteLine($"{400_000_000 / s / 1e9:F3} G steps/s  {x & 1}"); }
  }
}

using System.Runtime.CompilerServices;

namespace NnGen;

public static unsafe partial class Workers
{
    /// <summary>
    /// job.Run(start, end) over runs that cover [0, <paramref name="count"/>) once, each a multiple of
    /// <paramref name="granule"/> long and at least <paramref name="minimumRun"/> (the last one excepted), which the
    /// threads claim one at a time, largest first: each claim takes a quarter of what is left on two threads (an eighth
    /// on four, …), so the threads end within one small run of each other, however late one of them starts or however
    /// slow its core runs during the call. For jobs whose items share nothing that a thread would keep in its cache
    /// from one call to the next (a batch's samples); the results must not depend on where the runs end.
    /// </summary>
    internal static void ForRuns<TJob>(int count, int granule, int minimumRun, ref TJob job) where TJob : struct, IRangeJob
    {
        var threads = Math.Min(s_threads, count / Math.Max(minimumRun, 1));
        if (threads <= 1 || t_worker)
        {
            job.Run(0, count);
            return;
        }

        var runs = new GuidedRuns<TJob>(job, count, granule, minimumRun, threads);
        Run(threads, &InvokeRuns<TJob>, Unsafe.AsPointer(ref runs));
    }

    private static void InvokeRuns<TJob>(void* state, int part) where TJob : struct, IRangeJob => Unsafe.AsRef<GuidedRuns<TJob>>(state).Run();

    /// <summary>The runs of one ForRuns region: every part claims runs from <see cref="_next"/> until none is left.</summary>
    private struct GuidedRuns<TJob>(TJob job, int count, int granule, int minimumRun, int threads) where TJob : struct, IRangeJob
    {
        private int _next;

        public void Run()
        {
            while (Claim(out var start, out var end)) job.Run(start, end);
        }

        private bool Claim(out int start, out int end)
        {
            while (true)
            {
                start = Volatile.Read(ref _next);
                if (start >= count)
                {
                    end = start;
                    return false;
                }

                var size = Math.Max(minimumRun, (count - start) / (2 * threads));
                end = (int)Math.Min(count, start + (long)(size + granule - 1) / granule * granule);
                if (Interlocked.CompareExchange(ref _next, end, start) == start) return true;
            }
        }
    }
}

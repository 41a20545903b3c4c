namespace NnGen.Tests.Support;

/// <summary>Counting a thread's allocations while other tests run beside it.</summary>
public static class Allocations
{
    /// <summary>
    /// The bytes this thread allocates in <paramref name="action"/>: the least over three runs. A garbage collection
    /// that another test starts can move this thread's count by one allocation context (about 8 KB, seen once in a
    /// full run) with nothing allocated here, while an allocation in <paramref name="action"/> shows in every run.
    /// </summary>
    public static long Least(Action action)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 3 && least != 0; run++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}

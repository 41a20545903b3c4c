namespace NnGen.Tests.Support;

/// <summary>Sets <see cref="Workers.Threads"/> for the length of a using block, and puts the old count back after it.</summary>
public static class WorkerThreads
{
    public static IDisposable Set(int count)
    {
        var saved = Workers.Threads;
        Workers.Threads = count;
        return new Restore(saved);
    }

    private sealed class Restore(int saved) : IDisposable
    {
        public void Dispose() => Workers.Threads = saved;
    }
}

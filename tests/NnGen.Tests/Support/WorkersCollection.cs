namespace NnGen.Tests.Support;

/// <summary>
/// Tests that change <see cref="Workers.Threads"/>, and tests that count a thread's allocations while the kernels may
/// use the workers, run one after another: a larger thread count starts a worker thread on the next parallel call,
/// and that start allocates on whichever thread made the call.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WorkersCollection
{
    public const string Name = "Workers";
}

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NnGen;

/// <summary>The body of one part of a parallel region: <paramref name="part"/> in [0, parts), and the region's spans.</summary>
public delegate void PartBody<in TSelf, T>(TSelf self, int part, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, Span<T> d)
    where T : unmanaged;

/// <summary>A layer's forward pass over <paramref name="rows"/> samples: x (rows, in) → y (rows, out).</summary>
public delegate void RowsForward<T>(int rows, ReadOnlySpan<T> x, Span<T> y);

/// <summary>A layer's backward pass over <paramref name="rows"/> samples: gx (rows, in) from x, y and gy.</summary>
public delegate void RowsBackward<T>(int rows, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> gy, Span<T> gx);

/// <summary>A whole network's inference over <paramref name="rows"/> samples: x (rows, in) → y (rows, out).</summary>
public delegate void ChunkBody<in TSelf, T>(TSelf self, int rows, ReadOnlySpan<T> x, Span<T> y);

/// <summary>
/// The threads NnGen's kernels share: the calling thread and <see cref="Threads"/> − 1 workers that wait, spinning
/// briefly and then sleeping, for the next parallel region. A region is split into parts whose results do not
/// depend on which thread runs them, so every result is the same, bit for bit, whatever the number of threads.
/// </summary>
/// <remarks>
/// One region runs at a time: a call made while another thread's region runs (many threads predicting at once), or
/// from inside a part, runs its parts one after another on the calling thread. A region allocates nothing.
/// </remarks>
public static unsafe partial class Workers
{
    private const int SpinIterations = 20_000;   // about 5 ms of polling (SpinWait(8) is about 0.24 µs here) before a worker sleeps
    private const int MinimumChunk = 16;         // samples below which a thread's run would not amortize its products' set-up
    private const long MinimumChunkWork = 1 << 16;

    private static readonly object s_sleep = new();
    private static readonly List<Thread> s_workers = [];
    private static int s_threads = Math.Clamp(Environment.ProcessorCount, 1, 64);
    private static int s_busy;                   // 1 while a region runs
    private static long s_ticket;                // (region << 32) | next unclaimed part; workers wake on a new region
    private static int s_region;                 // the current region's number
    private static int s_sleepers;               // workers blocked in Monitor.Wait
    private static int s_done;                   // parts of the current region finished
    private static int s_parts;
    private static delegate*<void*, int, void> s_body;
    private static void* s_state;
    private static Exception? s_failure;

    [ThreadStatic]
    private static bool t_worker;

    /// <summary>
    /// How many threads the kernels use, the calling thread included; by default the processor count. Results do not
    /// depend on it. Set 1 to keep NnGen on the calling thread.
    /// </summary>
    public static int Threads
    {
        get => s_threads;
        set
        {
            if (value is < 1 or > 64)
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Workers.Threads must be between 1 and 64; it was {value}.");
            s_threads = value;
        }
    }

    /// <summary>
    /// Runs body(self, part, a, b, c, d) for every part in [0, parts), spread over the threads, and returns when all
    /// are done. The spans are the same for every part; each part must write only what no other part writes. When a
    /// part throws, the other parts still run, and the call then throws an <see cref="AggregateException"/> holding
    /// the first failure, whether the parts ran on several threads or, the workers being busy, on the caller's alone.
    /// </summary>
    public static void For<TSelf, T>(int parts, TSelf self, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, Span<T> d, PartBody<TSelf, T> body)
        where T : unmanaged
    {
        fixed (T* pa = a, pb = b, pc = c, pd = d)
        {
            var job = new SpanJob<TSelf, T>(self, body, pa, a.Length, pb, b.Length, pc, c.Length, pd, d.Length);
            For(parts, ref job);
        }
    }

    /// <summary>
    /// Runs a batch through a whole network in runs of at most <paramref name="chunk"/> samples: body(self, rows, x
    /// rows, y rows) for each run. With several threads and at least 2¹⁶ values of work
    /// (samples × <paramref name="workPerSample"/>), the threads claim runs of the batch (<see cref="ForRuns"/>) and
    /// take each through the whole network, so that no layer waits for the others between layers; otherwise the runs go
    /// one after another and each product shares its rows itself.
    /// </summary>
    public static void Chunks<TSelf, T>(
        int rows, int chunk, int inLength, int outLength, long workPerSample, TSelf self, ReadOnlySpan<T> x, Span<T> y, ChunkBody<TSelf, T> body)
        where T : unmanaged
    {
        if (rows < 0 || chunk <= 0 || x.Length < (long)rows * inLength || y.Length < (long)rows * outLength)
        {
            throw new ArgumentException(
                $"Workers.Chunks: {rows} rows in runs of {chunk} need {(long)rows * inLength} values in x and {(long)rows * outLength} in y; they hold {x.Length} and {y.Length}.");
        }

        fixed (T* px = x, py = y)
        {
            var runs = new ChunkRuns<TSelf, T>(chunk, inLength, outLength, self, body, px, py);
            if (rows >= 2 * MinimumChunk && rows * workPerSample >= MinimumChunkWork) ForRuns(rows, 4, MinimumChunk, ref runs);
            else runs.Run(0, rows);
        }
    }

    /// <summary>
    /// Runs a layer whose samples are independent (an activation, a pooling) on runs of whole samples, one run per
    /// thread when the layer is big enough to be worth it: forward(count, x rows, y rows).
    /// </summary>
    public static void Rows<T>(int rows, int inLength, int outLength, ReadOnlySpan<T> x, Span<T> y, RowsForward<T> forward)
        where T : unmanaged
    {
        CheckRows(rows, inLength, x.Length, nameof(x));
        CheckRows(rows, outLength, y.Length, nameof(y));
        if (!Shared(rows, inLength + outLength))
        {
            forward(rows, x, y);
            return;
        }

        fixed (T* px = x, py = y)
        {
            var job = new RowsForwardJob<T>(inLength, outLength, forward, px, py);
            ForRange(rows, 1, ref job);
        }
    }

    /// <summary>The backward pass of <see cref="Rows{T}(int, int, int, ReadOnlySpan{T}, Span{T}, RowsForward{T})"/>: backward(count, x, y, gy, gx rows); x or gx may be empty.</summary>
    public static void Rows<T>(int rows, int inLength, int outLength, ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> gy, Span<T> gx, RowsBackward<T> backward)
        where T : unmanaged
    {
        if (!x.IsEmpty) CheckRows(rows, inLength, x.Length, nameof(x));
        CheckRows(rows, outLength, y.Length, nameof(y));
        CheckRows(rows, outLength, gy.Length, nameof(gy));
        if (!gx.IsEmpty) CheckRows(rows, inLength, gx.Length, nameof(gx));
        if (!Shared(rows, 2 * (inLength + outLength)))
        {
            backward(rows, x, y, gy, gx);
            return;
        }

        fixed (T* px = x, py = y, pgy = gy, pgx = gx)
        {
            var job = new RowsBackwardJob<T>(inLength, outLength, backward, x.IsEmpty ? null : px, py, pgy, gx.IsEmpty ? null : pgx);
            ForRange(rows, 1, ref job);
        }
    }

    /// <summary>
    /// Whether a Rows call is worth sharing (<see cref="ForRange"/> then decides how many threads it gets): at least 2¹⁶
    /// values moved. A two-thread MLP Fit at batch 64, whose ReLU backward pass moves 2¹⁵, ran 1.6–5 % faster with that
    /// pass on the caller alone than shared (four runs of alternating rounds): the region's hand-off cost more than
    /// half of 8192 comparisons.
    /// </summary>
    private static bool Shared(int rows, int valuesPerRow) => (long)rows * valuesPerRow >= 65536;

    private static void CheckRows(int rows, int perRow, int length, string name)
    {
        if (length < (long)rows * perRow)
            throw new ArgumentException($"Workers.Rows: {rows} rows of {perRow} values need {(long)rows * perRow} in '{name}'; it holds {length}.", name);
    }

    /// <summary>The samples [start, end) of a Rows forward call.</summary>
    private readonly struct RowsForwardJob<T>(int inLength, int outLength, RowsForward<T> forward, T* x, T* y) : IRangeJob
        where T : unmanaged
    {
        public void Run(int start, int end) =>
            forward(end - start, new ReadOnlySpan<T>(x + (long)start * inLength, (end - start) * inLength), new Span<T>(y + (long)start * outLength, (end - start) * outLength));
    }

    /// <summary>The samples [start, end) of a Rows backward call; a null x or gx stays empty.</summary>
    private readonly struct RowsBackwardJob<T>(int inLength, int outLength, RowsBackward<T> backward, T* x, T* y, T* gy, T* gx) : IRangeJob
        where T : unmanaged
    {
        public void Run(int start, int end)
        {
            var count = end - start;
            backward(
                count,
                x == null ? default : new ReadOnlySpan<T>(x + (long)start * inLength, count * inLength),
                new ReadOnlySpan<T>(y + (long)start * outLength, count * outLength),
                new ReadOnlySpan<T>(gy + (long)start * outLength, count * outLength),
                gx == null ? default : new Span<T>(gx + (long)start * inLength, count * inLength));
        }
    }

    /// <summary>The runtime's own kernels: job.Run(part) for every part, as <see cref="For{TSelf, T}"/>.</summary>
    internal static void For<TJob>(int parts, ref TJob job) where TJob : struct, IPartJob
    {
        if (parts <= 1 || s_threads == 1 || t_worker)
        {
            Inline(parts, &Invoke<TJob>, Unsafe.AsPointer(ref job));
            return;
        }

        Run(parts, &Invoke<TJob>, Unsafe.AsPointer(ref job));
    }

    /// <summary>Every part on the calling thread, failing as a region does: the other parts run, then the first failure comes back wrapped.</summary>
    private static void Inline(int parts, delegate*<void*, int, void> body, void* state)
    {
        Exception? failure = null;
        for (var part = 0; part < parts; part++)
        {
            try
            {
                body(state, part);
            }
            catch (Exception e)
            {
                failure ??= e;
            }
        }

        if (failure is not null) throw new AggregateException("A part of a parallel region failed.", failure);
    }

    private static void Invoke<TJob>(void* state, int part) where TJob : struct, IPartJob => Unsafe.AsRef<TJob>(state).Run(part);

    /// <summary>
    /// job.Run(start, end) over ranges that cover [0, <paramref name="count"/>) once, each boundary a multiple of
    /// <paramref name="granule"/>: the whole range on the calling thread when one thread runs it, else one range per
    /// thread. With two threads the caller's share is learned per kind of job from how long each side took the time
    /// before: one core often runs slower than the other for seconds at a time (other load on the machine), and with
    /// even halves the faster thread waited for the slower up to a quarter of a training step. The job's results must
    /// not depend on where its ranges end.
    /// </summary>
    internal static void ForRange<TJob>(int count, int granule, ref TJob job) where TJob : struct, IRangeJob
    {
        var threads = Math.Min(s_threads, (count + granule - 1) / granule);
        if (threads <= 1 || t_worker)
        {
            job.Run(0, count);
            return;
        }

        var split = new RangeSplit<TJob>(job, count, granule, threads, threads == 2 ? Balance<TJob>.CallerShare : 0);
        var start = Stopwatch.GetTimestamp();
        if (!Run(threads, &InvokeRange<TJob>, Unsafe.AsPointer(ref split)) || threads != 2) return;

        Balance<TJob>.CallerShare = NextShare(Balance<TJob>.CallerShare, split.Boundary, count, split.CallerEnd - start, split.WorkerEnd - start);
    }

    /// <summary>
    /// The caller's share after a two-thread region in which it took [0, <paramref name="boundary"/>) of
    /// <paramref name="count"/> items: each side's rate (its items over its time) gives the share that would have
    /// ended both together, and the share moves a quarter of the way there, within [0.2, 0.8], so that one late
    /// wake-up does not swing it. Unchanged when a side had no items or no time to measure.
    /// </summary>
    internal static double NextShare(double share, int boundary, int count, long callerTime, long workerTime)
    {
        if (callerTime <= 0 || workerTime <= 0 || boundary <= 0 || boundary >= count) return share;
        var callerRate = (double)boundary / callerTime;
        var workerRate = (double)(count - boundary) / workerTime;
        var balanced = callerRate / (callerRate + workerRate);
        return Math.Clamp(0.75 * share + 0.25 * balanced, 0.2, 0.8);
    }

    /// <summary>The calling thread's share of a two-thread <see cref="ForRange"/> of one kind of job.</summary>
    private static class Balance<TJob>
    {
        public static double CallerShare = 0.5;
    }

    private static void InvokeRange<TJob>(void* state, int part) where TJob : struct, IRangeJob => Unsafe.AsRef<RangeSplit<TJob>>(state).Run(part);

    /// <summary>
    /// A ForRange region's parts: with two, [0, Boundary) and [Boundary, count), each noting when it ended; with more,
    /// even runs.
    /// </summary>
    private struct RangeSplit<TJob>(TJob job, int count, int granule, int parts, double callerShare) where TJob : struct, IRangeJob
    {
        public readonly int Boundary = parts == 2 ? Math.Clamp((int)Math.Round(count * callerShare / granule) * granule, 0, count) : 0;
        public long CallerEnd, WorkerEnd;

        public void Run(int part)
        {
            int start, end;
            if (parts == 2)
            {
                (start, end) = part == 0 ? (0, Boundary) : (Boundary, count);
            }
            else
            {
                var chunk = ((count + parts - 1) / parts + granule - 1) / granule * granule;
                start = Math.Min(count, part * chunk);
                end = Math.Min(count, start + chunk);
            }

            if (start < end) job.Run(start, end);
            if (part == 0) CallerEnd = Stopwatch.GetTimestamp();
            else WorkerEnd = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Runs the parts on every thread, or on the caller's alone when another region is running; says which.</summary>
    private static bool Run(int parts, delegate*<void*, int, void> body, void* state)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            Inline(parts, body, state);
            return false;
        }

        try
        {
            EnsureWorkers(s_threads - 1);
            s_body = body;
            s_state = state;
            s_parts = parts;
            s_done = 0;
            s_failure = null;
            // Part 0 is the caller's: the workers start claiming at 1. A part then runs on the same core from one
            // region to the next (the caller would otherwise race the first worker for part 0 and sometimes lose),
            // so each thread finds its part of the weights, gradients and optimizer state still in its own cache.
            var region = ++s_region;
            Interlocked.Exchange(ref s_ticket, ((long)region << 32) | 1);   // publishes the fields above
            if (Volatile.Read(ref s_sleepers) > 0)
                lock (s_sleep) Monitor.PulseAll(s_sleep);

            t_worker = true;
            try
            {
                RunPart(0);
                RunParts(region);
            }
            finally
            {
                t_worker = false;
            }

            // Only parts a worker claimed are waited for: a worker that wakes late finds the region over.
            var spin = new SpinWait();
            while (Volatile.Read(ref s_done) < parts) spin.SpinOnce(sleep1Threshold: -1);
            if (s_failure is { } failure) throw new AggregateException("A part of a parallel region failed.", failure);
            return true;
        }
        finally
        {
            s_body = null;
            s_state = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims and runs parts of <paramref name="region"/> until none is left; any thread of the region.</summary>
    private static void RunParts(int region)
    {
        while (true)
        {
            var ticket = Volatile.Read(ref s_ticket);
            if ((int)(ticket >> 32) != region || (int)ticket >= Volatile.Read(ref s_parts)) return;
            if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) != ticket) continue;

            // The claim keeps the region open, so its body and state stay valid until this part is done.
            RunPart((int)ticket);
        }
    }

    private static void RunPart(int part)
    {
        try
        {
            s_body(s_state, part);
        }
        catch (Exception e)
        {
            s_failure ??= e;
        }
        Interlocked.Increment(ref s_done);
    }

    private static void EnsureWorkers(int count)
    {
        while (s_workers.Count < count)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"NnGen worker {s_workers.Count + 1}" };
            s_workers.Add(thread);
            thread.Start(s_region);
        }
    }

    private static int CurrentRegion => (int)(Volatile.Read(ref s_ticket) >> 32);

    private static void Work(object? startRegion)
    {
        t_worker = true;
        var seen = (int)startRegion!;
        while (true)
        {
            var spins = 0;
            while (CurrentRegion == seen)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                lock (s_sleep)
                {
                    Interlocked.Increment(ref s_sleepers); // a full fence: the region is read after this is seen
                    while (CurrentRegion == seen) Monitor.Wait(s_sleep);
                    Interlocked.Decrement(ref s_sleepers);
                }
            }

            seen = CurrentRegion;
            RunParts(seen);
        }
    }

    /// <summary>The samples [start, end) of one Chunks call, in runs of at most chunk (a struct: a call allocates nothing).</summary>
    private readonly struct ChunkRuns<TSelf, T>(int chunk, int inLength, int outLength, TSelf self, ChunkBody<TSelf, T> body, T* x, T* y) : IRangeJob
        where T : unmanaged
    {
        public void Run(int start, int end)
        {
            for (var first = start; first < end; first += chunk)
            {
                var count = Math.Min(chunk, end - first);
                body(self, count, new ReadOnlySpan<T>(x + (long)first * inLength, count * inLength), new Span<T>(y + (long)first * outLength, count * outLength));
            }
        }
    }

    /// <summary>A region over spans: the spans travel as pinned pointers and are rebuilt on each thread.</summary>
    private readonly struct SpanJob<TSelf, T>(
        TSelf self, PartBody<TSelf, T> body, T* a, int aLength, T* b, int bLength, T* c, int cLength, T* d, int dLength) : IPartJob
        where T : unmanaged
    {
        public void Run(int part) => body(
            self, part, new ReadOnlySpan<T>(a, aLength), new ReadOnlySpan<T>(b, bLength), new Span<T>(c, cLength), new Span<T>(d, dLength));
    }
}

/// <summary>One part of a runtime kernel's parallel region.</summary>
internal interface IPartJob
{
    void Run(int part);
}

/// <summary>A runtime kernel's work over a range of its items, any range giving the same results for its items.</summary>
internal interface IRangeJob
{
    void Run(int start, int end);
}

using System.Runtime.CompilerServices;

namespace NnGen;

/// <summary>The body of one part of a parallel region: <paramref name="part"/> in [0, parts), and the region's spans.</summary>
public delegate void PartBody<in TSelf, T>(TSelf self, int part, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, Span<T> d)
    where T : unmanaged;

/// <summary>
/// The threads NnGen's kernels share: the calling thread and <see cref="Threads"/> − 1 workers that wait, spinning
/// briefly and then sleeping, for the next parallel region. A region is split into parts whose results do not
/// depend on which thread runs them, so every result is the same, bit for bit, whatever the number of threads.
/// </summary>
/// <remarks>
/// One region runs at a time: a call made while another thread's region runs (many threads predicting at once), or
/// from inside a part, runs its parts one after another on the calling thread. A region allocates nothing.
/// </remarks>
public static unsafe class Workers
{
    private const int SpinIterations = 20_000;   // about 100 µs of polling before a worker sleeps

    private static readonly object s_sleep = new();
    private static readonly List<Thread> s_workers = [];
    private static int s_threads = Math.Clamp(Environment.ProcessorCount, 1, 64);
    private static int s_busy;                   // 1 while a region runs
    private static int s_generation;             // bumped once per region; workers wake on a change
    private static int s_sleepers;               // workers blocked in Monitor.Wait
    private static int s_acks;                   // workers done with the current region
    private static int s_next;                   // the next unclaimed part
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
    /// are done. The spans are the same for every part; each part must write only what no other part writes.
    /// </summary>
    public static void For<TSelf, T>(int parts, TSelf self, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, Span<T> d, PartBody<TSelf, T> body)
        where T : unmanaged
    {
        if (parts <= 1 || s_threads == 1 || t_worker)
        {
            for (var part = 0; part < parts; part++) body(self, part, a, b, c, d);
            return;
        }

        fixed (T* pa = a, pb = b, pc = c, pd = d)
        {
            var job = new SpanJob<TSelf, T>(self, body, pa, a.Length, pb, b.Length, pc, c.Length, pd, d.Length);
            Run(parts, &SpanJob<TSelf, T>.Invoke, Unsafe.AsPointer(ref job));
        }
    }

    /// <summary>The runtime's own kernels: job.Run(part) for every part, as <see cref="For{TSelf, T}"/>.</summary>
    internal static void For<TJob>(int parts, ref TJob job) where TJob : struct, IPartJob
    {
        if (parts <= 1 || s_threads == 1 || t_worker)
        {
            for (var part = 0; part < parts; part++) job.Run(part);
            return;
        }

        Run(parts, &Invoke<TJob>, Unsafe.AsPointer(ref job));
    }

    private static void Invoke<TJob>(void* state, int part) where TJob : struct, IPartJob => Unsafe.AsRef<TJob>(state).Run(part);

    private static void Run(int parts, delegate*<void*, int, void> body, void* state)
    {
        if (Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (var part = 0; part < parts; part++) body(state, part);
            return;
        }

        try
        {
            EnsureWorkers(s_threads - 1);
            s_body = body;
            s_state = state;
            s_parts = parts;
            s_next = 0;
            s_acks = 0;
            s_failure = null;
            Interlocked.Increment(ref s_generation);
            if (Volatile.Read(ref s_sleepers) > 0)
                lock (s_sleep) Monitor.PulseAll(s_sleep);

            t_worker = true;
            try
            {
                RunParts();
            }
            finally
            {
                t_worker = false;
            }

            var spin = new SpinWait();
            while (Volatile.Read(ref s_acks) < s_workers.Count) spin.SpinOnce(sleep1Threshold: -1);
            if (s_failure is { } failure) throw new AggregateException("A part of a parallel region failed.", failure);
        }
        finally
        {
            s_body = null;
            s_state = null;
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims and runs parts until none is left; any thread of the region.</summary>
    private static void RunParts()
    {
        while (true)
        {
            var part = Interlocked.Increment(ref s_next) - 1;
            if (part >= s_parts) return;
            try
            {
                s_body(s_state, part);
            }
            catch (Exception e)
            {
                s_failure ??= e;
            }
        }
    }

    private static void EnsureWorkers(int count)
    {
        while (s_workers.Count < count)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"NnGen worker {s_workers.Count + 1}" };
            s_workers.Add(thread);
            thread.Start(Volatile.Read(ref s_generation));
        }
    }

    private static void Work(object? startGeneration)
    {
        t_worker = true;
        var seen = (int)startGeneration!;
        while (true)
        {
            var spins = 0;
            while (Volatile.Read(ref s_generation) == seen)
            {
                if (++spins < SpinIterations)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                lock (s_sleep)
                {
                    Interlocked.Increment(ref s_sleepers); // a full fence: the generation is read after this is seen
                    while (Volatile.Read(ref s_generation) == seen) Monitor.Wait(s_sleep);
                    Interlocked.Decrement(ref s_sleepers);
                }
            }

            seen = Volatile.Read(ref s_generation);
            RunParts();
            Interlocked.Increment(ref s_acks);
        }
    }

    /// <summary>A region over spans: the spans travel as pinned pointers and are rebuilt on each thread.</summary>
    private readonly struct SpanJob<TSelf, T>(
        TSelf self, PartBody<TSelf, T> body, T* a, int aLength, T* b, int bLength, T* c, int cLength, T* d, int dLength)
        where T : unmanaged
    {
        public static void Invoke(void* state, int part)
        {
            ref var job = ref Unsafe.AsRef<SpanJob<TSelf, T>>(state);
            job.Run(part);
        }

        private void Run(int part) => body(
            self, part, new ReadOnlySpan<T>(a, aLength), new ReadOnlySpan<T>(b, bLength), new Span<T>(c, cLength), new Span<T>(d, dLength));
    }
}

/// <summary>One part of a runtime kernel's parallel region.</summary>
internal interface IPartJob
{
    void Run(int part);
}

using NnGen.Tests.Support;

namespace NnGen.Tests.Kernels;

/// <summary>The worker threads: every part runs once, failures come back, and callers on many threads are safe.</summary>
[Collection(WorkersCollection.Name)]
public class WorkersTests
{
    [Fact]
    public void EveryPart_RunsExactlyOnce_AndSeesTheSpans()
    {
        using (WorkerThreads.Set(3))
        {
            for (var round = 0; round < 200; round++)
            {
                var parts = 1 + round % 17;
                var input = Enumerable.Range(0, parts).Select(i => (float)i).ToArray();
                var output = new float[parts];
                var counts = new int[parts];
                Workers.For(parts, counts, input, default, output, default, static (counts, part, x, _, y, _) =>
                {
                    Interlocked.Increment(ref counts[part]);
                    y[part] = 2 * x[part];
                });
                Assert.All(counts, c => Assert.Equal(1, c));
                Assert.Equal(input.Select(v => 2 * v), output);
            }
        }
    }

    [Fact]
    public void PartZero_AlwaysRunsOnTheCaller_SoAPartStaysOnItsCore()
    {
        using (WorkerThreads.Set(2))
        {
            var caller = Environment.CurrentManagedThreadId;
            for (var round = 0; round < 2000; round++)
            {
                Thread.Yield();   // lets the worker run: it polls for the next region while the caller is away
                var threads = new int[2];
                Workers.For<int[], float>(2, threads, default, default, default, default,
                    static (threads, part, _, _, _, _) => threads[part] = Environment.CurrentManagedThreadId);
                Assert.Equal(caller, threads[0]);
            }
        }
    }

    [Theory]
    [InlineData(1, 1000, 256)]
    [InlineData(3, 1000, 256)]
    [InlineData(3, 40, 256)]
    [InlineData(2, 1000, 3)]
    [InlineData(2, 20, 256)]
    [InlineData(2, 5, 2)]
    public void Chunks_CoverEveryRowOnce_InRunsNoLongerThanTheChunk(int threads, int rows, int chunk)
    {
        using (WorkerThreads.Set(threads))
        {
            const int inLength = 3, outLength = 2;
            var x = Enumerable.Range(0, rows * inLength).Select(i => (float)i).ToArray();
            var y = new float[rows * outLength];
            var longest = new int[1];
            Workers.Chunks(rows, chunk, inLength, outLength, workPerSample: 1 << 16, longest, x, y, static (longest, count, x, y) =>
            {
                Assert.Equal(count * inLength, x.Length);
                Assert.Equal(count * outLength, y.Length);
                for (var r = 0; r < count; r++)
                {
                    y[r * outLength] += x[r * inLength];       // += : a row run twice would show
                    y[r * outLength + 1] += 1;
                }
                lock (longest) longest[0] = Math.Max(longest[0], count);
            });
            for (var r = 0; r < rows; r++)
            {
                Assert.Equal(r * inLength, y[r * outLength]);
                Assert.Equal(1, y[r * outLength + 1]);
            }
            Assert.InRange(longest[0], 1, chunk);
        }
    }

    [Fact]
    public void Chunks_WithTooShortOutputs_SaysWhatTheyNeed()
    {
        var error = Assert.Throws<ArgumentException>(() => Workers.Chunks(
            10, 4, 3, 2, workPerSample: 1, 0, new float[30], new float[19], static (_, _, _, _) => { }));
        Assert.Contains("need 30 values in x and 20 in y; they hold 30 and 19", error.Message);
    }

    [Fact]
    public void Rows_WithTooShortOutputs_SaysWhatTheyNeed()
    {
        var error = Assert.Throws<ArgumentException>(() => Workers.Rows<float>(
            40000, 1, 1, new float[40000], new float[10], static (_, _, _) => { }));
        Assert.Contains("40000 rows of 1 values need 40000 in 'y'; it holds 10", error.Message);
    }

    [Fact]
    public void AFailingPart_ThrowsOnTheCaller_AndTheWorkersCarryOn()
    {
        using (WorkerThreads.Set(2))
        {
            var error = Assert.Throws<AggregateException>(() => Workers.For<object?, float>(8, null, default, default, default, default,
                static (_, part, _, _, _, _) =>
                {
                    if (part == 5) throw new InvalidOperationException("part 5");
                }));
            Assert.Equal("part 5", error.InnerException!.Message);

            var sum = new long[1];
            Workers.For<long[], float>(8, sum, default, default, default, default, static (sum, part, _, _, _, _) => Interlocked.Add(ref sum[0], part));
            Assert.Equal(28, sum[0]);
        }
    }

    [Fact]
    public void AFailingPart_OnTheCallerAlone_FailsTheSameWay()
    {
        // With one thread (as when the workers are busy with another caller's region) the parts run on the caller:
        // the failure must come back as it does from a region, after the other parts have run.
        using (WorkerThreads.Set(1))
        {
            var ran = new int[1];
            var error = Assert.Throws<AggregateException>(() => Workers.For<int[], float>(8, ran, default, default, default, default,
                static (ran, part, _, _, _, _) =>
                {
                    if (part == 5) throw new InvalidOperationException("part 5");
                    Interlocked.Increment(ref ran[0]);
                }));
            Assert.Equal("part 5", error.InnerException!.Message);
            Assert.Equal(7, ran[0]);
        }
    }

    [Fact]
    public void CallersOnManyThreads_EachGetTheirOwnResult()
    {
        var results = new long[8];
        Parallel.For(0, 8, caller =>
        {
            for (var round = 0; round < 100; round++)
            {
                var sum = new long[1];
                Workers.For<long[], float>(4, sum, default, default, default, default, static (sum, part, _, _, _, _) => Interlocked.Add(ref sum[0], part + 1));
                results[caller] += sum[0];
            }
        });
        Assert.All(results, r => Assert.Equal(1000, r));
    }

    [Theory]
    [InlineData(1, 1000, 16)]
    [InlineData(2, 1000, 16)]
    [InlineData(2, 30, 16)]
    [InlineData(2, 7, 4)]
    [InlineData(3, 1000, 4)]
    public void ForRange_CoversEveryItemOnce_OnWholeGranules(int threads, int count, int granule)
    {
        using (WorkerThreads.Set(threads))
        {
            var counts = new int[count];
            var runs = new System.Collections.Concurrent.ConcurrentBag<(int Start, int End)>();
            for (var round = 0; round < 50; round++)
            {
                // The caller's items cost more than the worker's, so the split moves between rounds.
                var job = new CountingJob(counts, runs, Environment.CurrentManagedThreadId, callerSpins: 20);
                Workers.ForRange(count, granule, ref job);
            }

            Assert.All(counts, c => Assert.Equal(50, c));
            Assert.All(runs, run => Assert.Equal(0, run.Start % granule));
        }
    }

    [Theory]
    [InlineData(1, 1000, 4, 16)]
    [InlineData(2, 1000, 4, 16)]
    [InlineData(2, 1024, 4, 16)]
    [InlineData(2, 33, 4, 16)]
    [InlineData(2, 7, 1, 2)]
    [InlineData(3, 1000, 6, 12)]
    public void ForRuns_CoversEveryItemOnce_InRunsOfWholeGranules_NoShorterThanTheMinimum(int threads, int count, int granule, int minimumRun)
    {
        using (WorkerThreads.Set(threads))
        {
            var counts = new int[count];
            var runs = new System.Collections.Concurrent.ConcurrentBag<(int Start, int End)>();
            for (var round = 0; round < 50; round++)
            {
                var job = new CountingJob(counts, runs, Environment.CurrentManagedThreadId, callerSpins: 20);
                Workers.ForRuns(count, granule, minimumRun, ref job);
            }

            Assert.All(counts, c => Assert.Equal(50, c));
            Assert.All(runs, run => Assert.Equal(0, run.Start % granule));
            Assert.All(runs.Where(run => run.End < count), run => Assert.True(
                run.End - run.Start >= minimumRun && (run.End - run.Start) % granule == 0,
                $"the run [{run.Start}, {run.End}) of {count} is not whole granules of {granule} or is shorter than {minimumRun}"));
        }
    }

    [Fact]
    public void ForRuns_WhileTheCallerIsHeldUp_TheWorkerClaimsEveryOtherRun()
    {
        using (WorkerThreads.Set(2))
        {
            // The caller is held up in its first run (its core taken away, say) until the worker has run every item it
            // has not claimed. With ForRange's halves the worker would stop at its half, and the caller would wait out
            // its time. A region can also run on the caller alone, while another test's region runs: that attempt is
            // made again.
            const int count = 1000;
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var counts = new int[count];
                var items = new int[2];   // the worker's items, the caller's
                var job = new HeldUpCallerJob(counts, items, Environment.CurrentManagedThreadId, count);
                Workers.ForRuns(count, 1, 10, ref job);

                Assert.All(counts, c => Assert.Equal(1, c));
                if (items[0] == 0)
                {
                    Thread.Sleep(10);
                    continue;
                }

                Assert.InRange(items[1], 0, count / 2 - 1);
                return;
            }

            Assert.Fail("In 20 calls the worker never took part.");
        }
    }

    [Theory]
    [InlineData(4.0, 1.0, 0.2)]     // the caller four times slower: a fifth of the items ends both together
    [InlineData(1.0, 1.0, 0.5)]
    [InlineData(1.0, 3.0, 0.75)]
    [InlineData(1.0, 10.0, 0.8)]    // a tenth would be balanced: held at the bound
    [InlineData(20.0, 1.0, 0.2)]
    public void NextShare_SettlesWhereBothThreadsEndTogether(double callerCost, double workerCost, double expected)
    {
        const int count = 100_000;
        var share = 0.5;
        for (var region = 0; region < 60; region++)
        {
            var boundary = (int)Math.Round(count * share);
            share = Workers.NextShare(share, boundary, count, (long)(boundary * callerCost), (long)((count - boundary) * workerCost));
        }

        Assert.Equal(expected, share, 3);
    }

    [Fact]
    public void NextShare_KeepsTheShare_WhenASideHadNothingToMeasure()
    {
        Assert.Equal(0.6, Workers.NextShare(0.6, 0, 100, 10, 10));
        Assert.Equal(0.6, Workers.NextShare(0.6, 100, 100, 10, 10));
        Assert.Equal(0.6, Workers.NextShare(0.6, 50, 100, 0, 10));
        Assert.Equal(0.6, Workers.NextShare(0.6, 50, 100, 10, -1));
    }

    [Fact]
    public void Threads_OutOfRange_AreRefused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Workers.Threads = 0);
        Assert.Contains("between 1 and 64", error.Message);
    }

    /// <summary>Counts each item's runs and notes every run's start and end; the caller's items cost more.</summary>
    private readonly struct CountingJob(int[] counts, System.Collections.Concurrent.ConcurrentBag<(int Start, int End)> runs, int caller, int callerSpins) : IRangeJob
    {
        public void Run(int start, int end)
        {
            runs.Add((start, end));
            for (var i = start; i < end; i++)
            {
                Interlocked.Increment(ref counts[i]);
                if (Environment.CurrentManagedThreadId == caller) Thread.SpinWait(callerSpins);
            }
        }
    }

    /// <summary>
    /// Holds the caller up in each of its runs until the worker has run every item the caller has not claimed, or for
    /// half a second while the worker has run none (the region may be running on the caller alone).
    /// </summary>
    private readonly struct HeldUpCallerJob(int[] counts, int[] items, int caller, int count) : IRangeJob
    {
        public void Run(int start, int end)
        {
            if (Environment.CurrentManagedThreadId == caller)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (Volatile.Read(ref items[0]) < count - (end - start) - items[1]
                    && clock.ElapsedMilliseconds < (Volatile.Read(ref items[0]) == 0 ? 500 : 10_000))
                {
                    Thread.Sleep(1);
                }

                items[1] += end - start;
            }
            else
            {
                Interlocked.Add(ref items[0], end - start);
            }

            for (var i = start; i < end; i++) Interlocked.Increment(ref counts[i]);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using NnGen.Benchmarks.Cases;
using NnGen.Benchmarks.Peers;

namespace NnGen.Benchmarks;

/// <summary>
/// The quick runner: every case once, under a minute, one line per case. Each case's contenders are timed in
/// interleaved rounds (NnGen, then each peer, then NnGen again, …), because this machine switches between fast and
/// slow states for seconds at a time: a cell's time is the median round's, and its ratio the median over rounds of
/// peer time / NnGen time within the round, so &gt; 1 means NnGen is faster.
/// </summary>
public static class QuickRunner
{
    private const int MlpImages = 200 * 64;   // 200 batches of 64, about a fifth of an epoch
    private const int CnnImages = 60 * 64;    // 60 batches of 64
    private static readonly string[] Columns = ["NnGen 1t", "NnGen 2t", "ORT 1t", "ORT 2t", "Torch 1t", "Torch 2t"];

    // A pause before each timed run. A library's threads keep polling for work for a while after its call returns
    // (NnGen's worker about 5 ms, ONNX Runtime's and libtorch's pools likewise), and on two cores they slowed whoever
    // ran next: the MLP epoch measured 100-140 ms right after TorchSharp and 60-75 ms after a pause, and TorchSharp's
    // own two-thread cells improved as much. Every contender gets the same pause, so each starts on a quiet machine.
    private const int MicroSettleMilliseconds = 30;
    private const int TrainingSettleMilliseconds = 500;

    /// <summary>
    /// One library under one thread setting (NnGen's Workers.Threads or torch's; ONNX Runtime's is fixed when its
    /// session is made). Run makes the given number of calls; it is null when the library cannot run here, and
    /// Missing says why.
    /// </summary>
    private sealed record Contender(string Column, Action<int>? Run, int Threads, bool Torch = false, string? Missing = null)
    {
        public bool IsNnGen => Column.StartsWith("NnGen", StringComparison.Ordinal);
    }

    private static Contender NnGen(Action<int> run, int threads) => new($"NnGen {threads}t", run, threads);

    private static Contender Ort(Action<int> run, int threads) => new($"ORT {threads}t", run, threads);

    /// <summary>
    /// Calls through a delegate each time, for cases of microseconds and more. A nanosecond case loops over direct
    /// calls itself, as a user's loop would: a delegate call cost the tiny network's 30 ns Predict 9 ns more here.
    /// </summary>
    private static Action<int> Calls(Action call) => calls =>
    {
        for (var i = 0; i < calls; i++) call();
    };

    public static int Run()
    {
        var culture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = culture;
        Console.WriteLine($"NnGen quick benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"machine: {CpuName()}, {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        Console.WriteLine($"SIMD: Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}; NnGen's threads: Workers.Threads = 1 or 2");
        Console.WriteLine($"peers: ONNX Runtime 1.31.1 (the network exported with SaveOnnx); TorchSharp-cpu 0.107.0: {Torch.Unavailable ?? "loaded"}");
        Console.WriteLine("cells: median time per call [throughput] and ×(peer / NnGen on as many threads, the median of each round's ratio); > 1 means NnGen is faster");
        Console.WriteLine();
        Console.WriteLine(Line("case", Columns));
        var notes = new List<string>();

        using (var tiny = new TinyPredict())
        {
            notes.Add($"tiny: max |difference| from NnGen: {tiny.Agreement()}");
            Micro("Tiny 1-8-8-1 Predict, 1 sample", null,
                [NnGen(tiny.NnGen, 1), Ort(Calls(tiny.OnnxRuntime), 1), TorchOr(Calls(tiny.TorchSharp), 1)]);
        }

        using (var one = new BatchPredict(new MnistMlp(seed: 1), 1, 1, n => Torch.Mlp(n, softmax: true)))
        using (var one2 = new BatchPredict(new MnistMlp(seed: 1), 1, 2, n => Torch.Mlp(n, softmax: true)))
        {
            notes.Add($"784-128-10: max |difference| from NnGen: {one.Agreement()}");
            Micro("784-128-10 Predict, 1 sample", null,
                [NnGen(Calls(one.NnGen), 1), NnGen(Calls(one.NnGen), 2), Ort(Calls(one.OnnxRuntime), 1), Ort(Calls(one2.OnnxRuntime), 2),
                 TorchOr(Calls(one.TorchSharp), 1), TorchOr(Calls(one.TorchSharp), 2)]);
        }

        using (var batch1 = new BatchPredict(new MnistMlp(seed: 1), 1024, 1, n => Torch.Mlp(n, softmax: true)))
        using (var batch2 = new BatchPredict(new MnistMlp(seed: 1), 1024, 2, n => Torch.Mlp(n, softmax: true)))
        {
            notes.Add($"784-128-10 ×1024: max |difference| from NnGen: {batch1.Agreement()}");
            Micro("784-128-10 PredictBatch 1024", s => $"{1024 / s / 1e3:0}k img/s",
                [NnGen(Calls(batch1.NnGen), 1), NnGen(Calls(batch1.NnGen), 2), Ort(Calls(batch1.OnnxRuntime), 1), Ort(Calls(batch2.OnnxRuntime), 2),
                 TorchOr(Calls(batch1.TorchSharp), 1), TorchOr(Calls(batch1.TorchSharp), 2)]);
        }

        using (var dense1 = new BatchPredict(new Dense784x128(seed: 1), 64, 1, Torch.Dense))
        using (var dense2 = new BatchPredict(new Dense784x128(seed: 1), 64, 2, Torch.Dense))
        {
            notes.Add($"Dense 64×784→128: max |difference| from NnGen: {dense1.Agreement()}");
            const double flops = 2.0 * 64 * 784 * 128;
            Micro("Dense 64×784→128", s => $"{flops / s / 1e9:0.0} GFLOP/s",
                [NnGen(Calls(dense1.NnGen), 1), NnGen(Calls(dense1.NnGen), 2), Ort(Calls(dense1.OnnxRuntime), 1), Ort(Calls(dense2.OnnxRuntime), 2),
                 TorchOr(Calls(dense1.TorchSharp), 1), TorchOr(Calls(dense1.TorchSharp), 2)]);
        }

        if (MnistData.Missing is { } missing)
        {
            Console.WriteLine(Line("Train 784-128-10 / LeNet", [missing]));
        }
        else
        {
            TrainingCase($"Train 784-128-10, {MlpImages / 64} batches", MlpImages,
                count => new Training(new MnistMlp(seed: 1), [784], count, n => Torch.Mlp(n, softmax: false)));
            TrainingCase($"Train LeNet, {CnnImages / 64} batches", CnnImages,
                count => new Training(new LeNet(seed: 1), [1, 28, 28], count, Torch.LeNet));
            notes.Add($"training: Adam 1e-3, batch 64, the first {MlpImages} (MLP) / {CnnImages} (LeNet) MNIST training images as one epoch; " +
                "NnGen's Fit also counts the training accuracy and keeps the last good weights, the torch loop does neither");
        }

        Console.WriteLine();
        foreach (var note in notes) Console.WriteLine(note);
        if (Torch.Unavailable is { } reason) Console.WriteLine($"Torch columns empty: {reason}");
        return 0;
    }

    private static Contender TorchOr(Action<int> run, int threads) =>
        Torch.Unavailable is null ? new($"Torch {threads}t", run, threads, Torch: true) : new($"Torch {threads}t", null, threads, Missing: "n/a");

    /// <summary>A fast case: each contender warmed up for 0.3 s, then 9 interleaved rounds of about 15 ms each.</summary>
    private static void Micro(string name, Func<double, string>? throughput, Contender[] contenders)
    {
        var runnable = contenders.Where(c => c.Run is not null).ToArray();
        var repetitions = runnable.Select(c => Calibrate(c, 0.015, 0.3)).ToArray();
        var samples = runnable.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 9; round++)
        {
            for (var k = 0; k < runnable.Length; k++)
            {
                var i = (k + round) % runnable.Length;   // rotate who goes first
                Thread.Sleep(MicroSettleMilliseconds);
                samples[i].Add(Time(runnable[i], repetitions[i]));
            }
        }
        Report(name, throughput, contenders, runnable, samples);
    }

    /// <summary>
    /// A training case: one warm-up epoch of 6400 images (100 steps) per library, then 3 interleaved epochs of
    /// <paramref name="count"/> images. With 10 warm-up steps the first timed epoch still ran partly in the JIT's
    /// first, unoptimized tier, and that one slow epoch in three moved the median.
    /// </summary>
    private static void TrainingCase(string name, int count, Func<int, Training> create)
    {
        using (var warmup = create(6400))
        {
            warmup.NnGen();
            if (Torch.Unavailable is null) warmup.TorchSharp();
        }
        using var training = create(count);
        Contender[] contenders =
            [NnGen(Calls(training.NnGen), 1), NnGen(Calls(training.NnGen), 2), TorchOr(Calls(training.TorchSharp), 1), TorchOr(Calls(training.TorchSharp), 2)];
        var runnable = contenders.Where(c => c.Run is not null).ToArray();
        var samples = runnable.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < 3; round++)
        {
            for (var k = 0; k < runnable.Length; k++)
            {
                var i = (k + round) % runnable.Length;
                Thread.Sleep(TrainingSettleMilliseconds);
                samples[i].Add(Time(runnable[i], 1));
            }
        }
        Report(name, s => $"{60000.0 / count * s:0.00} s/epoch", contenders, runnable, samples);
    }

    private static void Report(string name, Func<double, string>? throughput, Contender[] contenders, Contender[] runnable, List<double>[] samples)
    {
        var medians = samples.Select(Median).ToArray();
        var cells = new Dictionary<string, string>();
        for (var i = 0; i < runnable.Length; i++)
        {
            var cell = Format(medians[i]) + (throughput is null ? "" : $" [{throughput(medians[i])}]");
            if (!runnable[i].IsNnGen)
            {
                // Against NnGen on as many threads, or on the most it ran on: the median of the rounds' ratios, each
                // of two runs made within the same second or so, so that the machine's slow spells, which last
                // seconds, cancel out of each ratio instead of landing on one side of a ratio of medians.
                var nngen = Array.FindLastIndex(runnable, c => c.IsNnGen && c.Threads <= runnable[i].Threads);
                var ratios = samples[i].Zip(samples[nngen], (peer, ours) => peer / ours).ToList();
                cell += $" ×{Median(ratios):0.00}";
            }
            cells[runnable[i].Column] = cell;
        }
        foreach (var c in contenders.Where(c => c.Run is null)) cells[c.Column] = c.Missing ?? "n/a";
        Console.WriteLine(Line(name, Columns, cells));
    }

    private static int Calibrate(Contender contender, double target, double warmup)
    {
        var repetitions = 1;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var seconds = Time(contender, repetitions) * repetitions;
            if (seconds >= target && clock.Elapsed.TotalSeconds >= warmup) return repetitions;
            if (seconds < target) repetitions *= 2;
        }
    }

    /// <summary>Seconds per call, over <paramref name="repetitions"/> calls.</summary>
    private static double Time(Contender contender, int repetitions)
    {
        if (contender.Torch) Torch.Threads(contender.Threads);
        if (contender.IsNnGen) Workers.Threads = contender.Threads;
        var run = contender.Run!;
        var start = Stopwatch.GetTimestamp();
        run(repetitions);
        return Stopwatch.GetElapsedTime(start).TotalSeconds / repetitions;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Format(double seconds) => seconds switch
    {
        < 1e-6 => $"{seconds * 1e9:0.0} ns",
        < 1e-3 => $"{seconds * 1e6:0.00} µs",
        < 1 => $"{seconds * 1e3:0.00} ms",
        _ => $"{seconds:0.00} s",
    };

    private static string Line(string name, string[] columns, Dictionary<string, string>? cells = null) =>
        cells is null
            ? $"| {name,-32} | " + string.Join(" | ", columns.Select(c => $"{c,-30}")) + " |"
            : $"| {name,-32} | " + string.Join(" | ", columns.Select(c => $"{(cells.TryGetValue(c, out var v) ? v : "—"),-30}")) + " |";

    private static string CpuName()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}

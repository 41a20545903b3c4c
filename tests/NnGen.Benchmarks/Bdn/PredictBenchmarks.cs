using BenchmarkDotNet.Attributes;
using NnGen.Benchmarks.Cases;
using NnGen.Benchmarks.Peers;

namespace NnGen.Benchmarks.Bdn;

/// <summary>Tiny MLP 1 → 8 tanh → 8 tanh → 1, one sample, one thread everywhere.</summary>
public class TinyPredictBenchmarks
{
    private TinyPredict _case = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (Torch.Unavailable is null) Torch.Threads(1);
        _case = new TinyPredict();
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true)] public void NnGen() => _case.NnGen();
    [Benchmark] public void OnnxRuntime() => _case.OnnxRuntime();
    [Benchmark] public void TorchSharp() => _case.TorchSharp();
}

/// <summary>MNIST 784 → 128 ReLU → 10 softmax: one sample, or a batch of 1024 (NnGen is single-threaded; Threads sets the peers').</summary>
public class MnistPredictBenchmarks
{
    private BatchPredict _case = null!;

    [Params(1, 1024)] public int Batch { get; set; }

    [Params(1, 2)] public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Torch.Unavailable is null) Torch.Threads(Threads);
        _case = new BatchPredict(new MnistMlp(seed: 1), Batch, Threads, n => Torch.Mlp(n, softmax: true));
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true)] public void NnGen() => _case.NnGen();
    [Benchmark] public void OnnxRuntime() => _case.OnnxRuntime();
    [Benchmark] public void TorchSharp() => _case.TorchSharp();
}

/// <summary>Dense 64×784 → 128 alone: 2·64·784·128 = 12.8 MFLOP per call (GFLOP/s = 12.845 / time in ms).</summary>
public class DenseBenchmarks
{
    private BatchPredict _case = null!;

    [Params(1, 2)] public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Torch.Unavailable is null) Torch.Threads(Threads);
        _case = new BatchPredict(new Dense784x128(seed: 1), 64, Threads, Torch.Dense);
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true)] public void NnGen() => _case.NnGen();
    [Benchmark] public void OnnxRuntime() => _case.OnnxRuntime();
    [Benchmark] public void TorchSharp() => _case.TorchSharp();
}

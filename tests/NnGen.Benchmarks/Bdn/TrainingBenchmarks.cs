using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using NnGen.Benchmarks.Cases;
using NnGen.Benchmarks.Peers;

namespace NnGen.Benchmarks.Bdn;

/// <summary>One full epoch (60 000 MNIST images) of 784-128-10, Adam 1e-3, batch 64; Threads sets torch's.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MlpEpochBenchmarks
{
    private Training _case = null!;

    [Params(1, 2)] public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Torch.Unavailable is null) Torch.Threads(Threads);
        _case = new Training(new MnistMlp(seed: 1), [784], 60_000, n => Torch.Mlp(n, softmax: false));
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true)] public void NnGen() => _case.NnGen();
    [Benchmark] public void TorchSharp() => _case.TorchSharp();
}

/// <summary>One full epoch of the LeNet-like CNN, Adam 1e-3, batch 64; Threads sets torch's.</summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class LeNetEpochBenchmarks
{
    private Training _case = null!;

    [Params(1, 2)] public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (Torch.Unavailable is null) Torch.Threads(Threads);
        _case = new Training(new LeNet(seed: 1), [1, 28, 28], 60_000, Torch.LeNet);
    }

    [GlobalCleanup]
    public void Cleanup() => _case.Dispose();

    [Benchmark(Baseline = true)] public void NnGen() => _case.NnGen();
    [Benchmark] public void TorchSharp() => _case.TorchSharp();
}

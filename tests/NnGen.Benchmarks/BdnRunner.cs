using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NnGen.Benchmarks.Peers;

namespace NnGen.Benchmarks;

/// <summary>
/// BenchmarkDotNet over the same cases (classes in Bdn/), in process: a separate BenchmarkDotNet process would get
/// NuGet's own copy of libLibTorchSharp.so, which does not load on Debian 12 (see the project file).
/// </summary>
public static class BdnRunner
{
    public static int Run(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        if (Torch.Unavailable is { } reason)
        {
            Console.WriteLine($"Skipping the TorchSharp benchmarks: {reason}");
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("TorchSharp", StringComparison.Ordinal)));
        }
        // A bare word after `bdn` is a filter (`bdn *Dense*`); anything else goes to BenchmarkDotNet as is.
        if (args.Length == 1 && !args[0].StartsWith('-')) args = ["--filter", args[0]];
        BenchmarkSwitcher.FromAssembly(typeof(BdnRunner).Assembly).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}

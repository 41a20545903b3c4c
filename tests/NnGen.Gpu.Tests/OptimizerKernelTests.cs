using ILGPU.Runtime;

namespace NnGen.Gpu.Tests;

/// <summary>
/// The generated optimizer kernels against each optimizer's CPU Step: three steps over the whole parameter buffer
/// from the same weights and gradients (Adam's bias correction changes with the step).
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class OptimizerKernelTests(CpuAccelerator accelerator)
{
    public static TheoryData<string> Optimizers => ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adam-l2", "adamw"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1),
        "momentum" => new Sgd(0.05, momentum: 0.9),
        "nesterov" => new Sgd(0.05, momentum: 0.9, nesterov: true),
        "rmsprop" => new RmsProp(0.01, rho: 0.8),
        "adam" => new Adam(0.01),
        "adam-l2" => new Adam(0.01, weightDecay: 0.1),
        _ => new AdamW(0.01, weightDecay: 0.1),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ThreeSteps_MatchTheCpuOptimizer(string name)
    {
        var net = new GpuMlp(seed: 9);
        var random = new Random(name.Length);
        using var gpu = new GpuTrainer<float>(net, accelerator.Device);
        var cpuOptimizer = Create(name);
        var gpuOptimizer = Create(name);
        var parameters = net.Parameters.ToArray();
        for (var step = 0; step < 3; step++)
        {
            var gradients = Check.Uniform<float>(random, GpuMlp.ParameterCount);
            cpuOptimizer.Step<float>(parameters, gradients);
            gpu.Program.Gradients.SubView(0, GpuMlp.ParameterCount).CopyFromCPU((ReadOnlySpan<float>)gradients);
            gpu.Step(gpuOptimizer);
        }

        gpu.CopyToNetwork();
        Assert.True(Check.MaxDifference<float>(parameters, new GpuMlp(seed: 9).Parameters) > 1e-3, "the optimizer must move the weights");
        Check.Close<float>(parameters, net.Parameters, 1e-5, $"{name} parameter");
    }
}

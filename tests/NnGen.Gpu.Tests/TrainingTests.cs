using System.Numerics;

namespace NnGen.Gpu.Tests;

/// <summary>Whole training runs on the CPU accelerator reach the CPU path's weights.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class TrainingTests(CpuAccelerator accelerator)
{
    [Fact]
    public void ThreeMomentumSteps_OnConvBatchNormResidual_ReachTheCpuWeights() =>
        StepsAgree(new GpuCnn(seed: 21), new GpuCnn(seed: 21), n: 4, () => new Sgd(0.05, momentum: 0.9));

    [Fact]
    public void ThreeAdamSteps_OnDoubleMlp_ReachTheCpuWeights() =>
        StepsAgree(new GpuMse(seed: 22), new GpuMse(seed: 22), n: 9, () => new Adam(0.01));

    [Fact]
    public void FitGpu_GivesTheCpuFitsHistoryAndWeights()
    {
        var random = new Random(5);
        const int Samples = 32;
        var inputs = Check.Uniform<float>(random, Samples * GpuMlp.InputLength);
        var labels = Enumerable.Range(0, Samples).Select(_ => random.Next(GpuMlp.OutputLength)).ToArray();
        var data = Dataset<float>.FromLabels(inputs, GpuMlp.InputLength, labels, GpuMlp.OutputLength);
        var (train, validation) = data.Split(0.25, seed: 3);
        FitOptions Options() => new() { Epochs = 2, BatchSize = 8, Optimizer = new Sgd(0.1, momentum: 0.5), Seed = 7, Validation = validation };

        var cpu = new GpuMlp(seed: 23);
        var gpu = new GpuMlp(seed: 23);
        var cpuHistory = cpu.Fit(train, Options());
        var gpuHistory = gpu.FitGpu(train, Options(), accelerator.Device);

        Assert.Equal(cpuHistory.Count, gpuHistory.Count);
        for (var e = 0; e < cpuHistory.Count; e++)
        {
            Check.Close<double>([cpuHistory[e].TrainLoss, cpuHistory[e].ValidationLoss!.Value, cpuHistory[e].TrainAccuracy!.Value],
                [gpuHistory[e].TrainLoss, gpuHistory[e].ValidationLoss!.Value, gpuHistory[e].TrainAccuracy!.Value], 1e-4, $"epoch {e + 1} loss, validation loss, accuracy");
        }
        Assert.True(cpuHistory[^1].TrainLoss < cpuHistory[0].TrainLoss, "the run must learn something");
        Check.Close<float>(cpu.Parameters, gpu.Parameters, 1e-4, "trained parameter");
    }

    [Fact]
    public void Dropout_DropsAboutItsRateOfUnits_AndFreshMasksEachStep()
    {
        // One sample: Dense 30→40's weight gradient row o is zero exactly where Dropout dropped unit o.
        var net = new GpuDropout(seed: 24);
        var random = new Random(8);
        var input = Check.Uniform<float>(random, GpuDropout.InputLength);
        float[] target = [0, 1, 0];
        using var gpu = new GpuTrainer<float>(net, accelerator.Device);
        var dropped = new List<bool[]>();
        for (var step = 0; step < 2; step++)
        {
            gpu.TrainStep(input, target);
            var gradients = new float[GpuDropout.ParameterCount];
            gpu.CopyGradients(gradients);
            dropped.Add([.. Enumerable.Range(0, 40).Select(o => gradients.AsSpan(o * 30, 30).IndexOfAnyExcept(0f) < 0)]);
        }

        foreach (var mask in dropped) Assert.InRange(mask.Count(d => d), 8, 32);
        Assert.NotEqual(dropped[0], dropped[1]);
    }

    private void StepsAgree<T>(IGpuModel<T> cpu, IGpuModel<T> device, int n, Func<Optimizer> optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(n);
        using var gpu = new GpuTrainer<T>(device, accelerator.Device);
        var cpuOptimizer = optimizer();
        var gpuOptimizer = optimizer();
        for (var step = 0; step < 3; step++)
        {
            var inputs = Check.Uniform<T>(random, n * cpu.InputLength);
            var targets = Check.Targets<T>(random, cpu.Loss, n, cpu.OutputLength);
            var cpuLoss = cpu.TrainStep(inputs, targets);
            cpuOptimizer.Step(cpu.Parameters, cpu.Gradients);
            var gpuLoss = gpu.TrainStep(inputs, targets);
            gpu.Step(gpuOptimizer);
            Check.Close<T>([cpuLoss], [gpuLoss], 1e-4, $"step {step + 1} loss");
        }

        gpu.CopyToNetwork();
        Check.Close<T>(cpu.Parameters, device.Parameters, 1e-4, "parameter after 3 steps");
        Check.Close<T>(cpu.Buffers, device.Buffers, 1e-4, "running statistic after 3 steps");
    }
}

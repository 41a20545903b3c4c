using System.Numerics;

namespace NnGen.Gpu.Tests;

/// <summary>
/// Every generated kernel, run on ILGPU's CPU accelerator, against the CPU path on the same weights and batch:
/// inference outputs, the training loss, every parameter's gradient, the input gradient and BatchNorm's running
/// statistics, within 1e-4. The networks together hold every layer kind and tile edge (see Networks.cs).
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class KernelAgreementTests(CpuAccelerator accelerator)
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void DenseWithEveryActivationAndCrossEntropy_AgreesWithCpu() => AgreesWithCpu(new GpuMlp(seed: 1), n: 21);

    [Fact]
    public void DoubleDenseWithMeanSquaredError_AgreesWithCpu() => AgreesWithCpu(new GpuMse(seed: 2), n: 18);

    [Fact]
    public void SigmoidBinaryCrossEntropy_AgreesWithCpu() => AgreesWithCpu(new GpuBce(seed: 3), n: 5);

    [Fact]
    public void ConvBatchNormResidualPoolsFlatten_AgreeWithCpu() => AgreesWithCpu(new GpuCnn(seed: 4), n: 6);

    [Fact]
    public void WideConvWithFullPaddingAndOverlappingMaxPool_AgreesWithCpu() => AgreesWithCpu(new GpuWideConv(seed: 5), n: 3);

    [Fact]
    public void DropoutInInference_IsTheIdentity() => AgreesWithCpu(new GpuDropout(seed: 6), n: 4, training: false);

    [Fact]
    public void ChangedWeight_IsCaughtByTheComparison()
    {
        // The comparisons above have teeth: one bias moved by 0.1 on the device changes the outputs beyond tolerance.
        var net = new GpuMlp(seed: 1);
        var random = new Random(11);
        var inputs = Check.Uniform<float>(random, 4 * GpuMlp.InputLength);
        var cpu = new float[4 * GpuMlp.OutputLength];
        var gpu = new float[cpu.Length];
        net.PredictBatch(inputs, cpu);
        using var trainer = new GpuTrainer<float>(net, accelerator.Device);
        net.Parameters[GpuMlp.ParameterCount - 1] += 0.1f; // the last output's bias
        trainer.CopyFromNetwork();
        trainer.PredictBatch(inputs, gpu);
        var difference = Check.MaxDifference<float>(cpu, gpu);
        Assert.True(difference > 10 * Tolerance, $"max difference {difference}; outputs {string.Join(", ", gpu)}");
    }

    private void AgreesWithCpu<T>(IGpuModel<T> net, int n, bool training = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(n);
        var inputs = Check.Uniform<T>(random, n * net.InputLength);
        var targets = Check.Targets<T>(random, net.Loss, n, net.OutputLength);
        using var gpu = new GpuTrainer<T>(net, accelerator.Device);

        // Inference first: training moves BatchNorm's running statistics.
        var cpuOutputs = new T[n * net.OutputLength];
        var gpuOutputs = new T[cpuOutputs.Length];
        var cpuEvaluation = net.Evaluate(inputs, targets, cpuOutputs);
        var gpuEvaluation = gpu.Evaluate(inputs, targets, gpuOutputs);
        Check.Close<T>(cpuOutputs, gpuOutputs, Tolerance, "inference output");
        Check.Close<T>([cpuEvaluation], [gpuEvaluation], Tolerance, "inference loss");
        if (!training) return;

        var cpuInputGradients = new T[n * net.InputLength];
        var gpuInputGradients = new T[cpuInputGradients.Length];
        var cpuLoss = net.TrainStep(inputs, targets, cpuInputGradients);
        var gpuLoss = gpu.TrainStep(inputs, targets, gpuInputGradients);
        var gpuGradients = new T[net.ParameterCount];
        gpu.CopyGradients(gpuGradients);
        Check.Close<T>([cpuLoss], [gpuLoss], Tolerance, "training loss");
        Check.Close<T>(net.Gradients, gpuGradients, Tolerance, "parameter gradient");
        Check.Close<T>(cpuInputGradients, gpuInputGradients, Tolerance, "input gradient");

        // Training moved the running statistics on both sides; the device's must match.
        var cpuStatistics = net.Buffers.ToArray();
        gpu.CopyToNetwork();
        Check.Close<T>(cpuStatistics, net.Buffers, Tolerance, "running statistic");
    }
}

using System.Numerics;
using Microsoft.ML.OnnxRuntime;
using NnGen.Tests.Networks;

namespace NnGen.Tests.Serialization;

/// <summary>
/// Exports networks with <see cref="Onnx.SaveOnnx{T}"/> and runs the file in ONNX Runtime: ORT parsing the bytes is
/// the check that they are a valid ModelProto, and its outputs must match NnGen's PredictBatch on the same batch.
/// </summary>
public sealed class OnnxTests : IDisposable
{
    private const int Batch = 7;
    private const double FloatTolerance = 1e-5, DoubleTolerance = 1e-9;

    private readonly string _directory = Directory.CreateTempSubdirectory("nngen-onnx-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    // ---- ONNX Runtime computes what PredictBatch computes ----------------------------------------------------------

    [Fact]
    public void SigmoidMseFloat_OrtMatchesPredictBatch() => AssertOrtMatches(Trained(new SigmoidMseFloat(seed: 3)), FloatTolerance);

    [Fact]
    public void SoftmaxCrossEntropyFloat_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new SoftmaxCrossEntropyFloat(seed: 4)), FloatTolerance);

    [Fact]
    public void SigmoidBinaryCrossEntropyFloat_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new SigmoidBinaryCrossEntropyFloat(seed: 5)), FloatTolerance);

    [Fact]
    public void WideCrossEntropyFloat_FlattenThenGemm_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new WideCrossEntropyFloat(seed: 6)), FloatTolerance);

    /// <summary>Training moves BatchNorm's running statistics off (0, 1), so a swapped mean and variance would show.</summary>
    [Fact]
    public void ConvBatchNormFloat_AfterTraining_OrtMatchesPredictBatch()
    {
        var network = Trained(new ConvBatchNormFloat(seed: 7));
        Assert.Contains(network.Buffers.ToArray(), v => Math.Abs(v) > 0.01f && Math.Abs(v - 1) > 0.01f);
        AssertOrtMatches(network, FloatTolerance);
    }

    /// <summary>BatchNorm on (N, C) after Dense, in double: ONNX Runtime has double Gemm and BatchNormalization.</summary>
    [Fact]
    public void DenseBatchNormDouble_AfterTraining_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new DenseBatchNorm(seed: 8)), DoubleTolerance);

    [Fact]
    public void ResidualBlockFloat_OrtMatchesPredictBatch() => AssertOrtMatches(Trained(new ResidualBlockFloat(seed: 9)), FloatTolerance);

    [Fact]
    public void NestedResidualDouble_SkipFromTheInput_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new NestedResidual(seed: 10)), DoubleTolerance);

    [Fact]
    public void ConvSameStride2Float_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new ConvSameStride2Float(seed: 11)), FloatTolerance);

    [Fact]
    public void ConvFullStride2Float_WithoutBias_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new ConvFullStride2Float(seed: 12)), FloatTolerance);

    [Fact]
    public void ConvAvgPoolFloat_OrtMatchesPredictBatch() => AssertOrtMatches(Trained(new ConvAvgPoolFloat(seed: 14)), FloatTolerance);

    [Fact]
    public void LeakyReluFloat_OrtMatchesPredictBatch() => AssertOrtMatches(Trained(new LeakyReluMseFloat(seed: 15)), FloatTolerance);

    /// <summary>Double LeakyReLU keeps α = 0.1 in double; a float alpha attribute would be off by about 1.5e-9.</summary>
    [Fact]
    public void LeakyReluDouble_SlopeStaysDouble_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new LeakyReluMse(seed: 15)), DoubleTolerance);

    /// <summary>A double Conv network is a valid model, but ONNX Runtime's CPU Conv kernel is float-only.</summary>
    [Fact]
    public void ConvDouble_LoadsButOrtHasNoDoubleConvKernel()
    {
        var path = PathOf("conv.onnx");
        new ConvSameStride2(seed: 1).SaveOnnx(path);

        var error = Assert.Throws<OnnxRuntimeException>(() => new InferenceSession(path));

        Assert.Contains("Could not find an implementation for Conv", error.Message);
    }

    [Fact]
    public void WithDropout_ExportsDropoutAsIdentity_OrtMatchesPredictBatch() =>
        AssertOrtMatches(Trained(new WithDropout(seed: 16)), DoubleTolerance);

    // ---- The file ---------------------------------------------------------------------------------------------------

    [Fact]
    public void ExportedModel_DeclaresProducerAndSymbolicBatchInputAndOutput()
    {
        var path = PathOf("wide.onnx");
        new WideCrossEntropyFloat(seed: 1).SaveOnnx(path);

        using var session = new InferenceSession(path);

        Assert.Equal("NnGen", session.ModelMetadata.ProducerName);
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(Onnx.InputName, input.Key);
        Assert.Equal([-1, 2, 5, 7], input.Value.Dimensions);
        Assert.Equal(Onnx.BatchDimension, input.Value.SymbolicDimensions[0]);
        Assert.Equal(typeof(float), input.Value.ElementType);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal(Onnx.OutputName, output.Key);
        Assert.Equal([-1, 5], output.Value.Dimensions);
    }

    [Fact]
    public void DoubleNetwork_ExportsDoubleTensors()
    {
        var path = PathOf("nested.onnx");
        new NestedResidual(seed: 1).SaveOnnx(path);

        using var session = new InferenceSession(path);

        Assert.Equal(typeof(double), session.InputMetadata[Onnx.InputName].ElementType);
        Assert.Equal(typeof(double), session.OutputMetadata[Onnx.OutputName].ElementType);
    }

    [Fact]
    public void StepActivation_IsRefusedNamingTheLayer_AndWritesNoFile()
    {
        var path = PathOf("step.onnx");

        var error = Assert.Throws<NotSupportedException>(() => new StepMse(seed: 1).SaveOnnx(path));

        Assert.Contains("Layer 3 (Activation Step)", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void StepActivation_Refused_LeavesAnExistingFileUnchanged()
    {
        var path = PathOf("model.onnx");
        new SigmoidMseFloat(seed: 1).SaveOnnx(path);
        var before = File.ReadAllBytes(path);

        Assert.Throws<NotSupportedException>(() => new StepMse(seed: 1).SaveOnnx(path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void SavingOverAnExistingFile_ReplacesItWhole_AndLeavesNoTemporaryFile()
    {
        var path = PathOf("model.onnx");
        File.WriteAllBytes(path, new byte[1 << 16]); // longer than the model, so a write in place would leave a tail
        var network = Trained(new SoftmaxCrossEntropyFloat(seed: 2));

        network.SaveOnnx(path);

        var fresh = Path.Combine(Directory.CreateTempSubdirectory("nngen-onnx-fresh-").FullName, "model.onnx");
        network.SaveOnnx(fresh);
        Assert.Equal(File.ReadAllBytes(fresh), File.ReadAllBytes(path));
        Directory.Delete(Path.GetDirectoryName(fresh)!, recursive: true);
        Assert.Equal([path], Directory.GetFileSystemEntries(_directory));
        AssertOrtMatches(network, FloatTolerance, path);
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    /// <summary>Takes a few SGD steps on seeded data, so that parameters and running statistics are not their initial values.</summary>
    private static INetwork<T> Trained<T>(INetwork<T> network, int steps = 5)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(42);
        var inputs = Samples<T>(random, 16 * network.InputLength);
        var targets = new T[16 * network.OutputLength];
        for (var s = 0; s < 16; s++) targets[s * network.OutputLength + random.Next(network.OutputLength)] = T.One;
        var optimizer = new Sgd(learningRate: 0.1);
        for (var step = 0; step < steps; step++)
        {
            network.TrainStep(inputs, targets);
            optimizer.Step(network.Parameters, network.Gradients);
        }
        return network;
    }

    /// <summary>Seeded values spread like normalized features: mostly within ±2, a few beyond.</summary>
    private static T[] Samples<T>(Random random, int count) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = T.CreateChecked(normal);
        }
        return values;
    }

    /// <summary>Exports <paramref name="network"/> (unless <paramref name="path"/> holds it already), runs a seeded
    /// batch through ORT and PredictBatch, and compares every output value.</summary>
    private void AssertOrtMatches<T>(INetwork<T> network, double tolerance, string? path = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path is null)
        {
            path = PathOf($"{network.GetType().Name}.onnx");
            network.SaveOnnx(path);
        }
        var inputs = Samples<T>(new Random(2024), Batch * network.InputLength);
        var expected = new T[Batch * network.OutputLength];
        network.PredictBatch(inputs, expected);

        using var session = new InferenceSession(path);
        long[] shape = [Batch, .. network.Layers[0].InputShape.Select(d => (long)d)];
        using var input = OrtValue.CreateTensorValueFromMemory(inputs, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [Onnx.InputName], [input], [Onnx.OutputName]);
        var actual = results[0].GetTensorDataAsSpan<T>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(double.CreateChecked(expected[i]) - double.CreateChecked(actual[i])));
        }
        Assert.True(worst < tolerance,
            $"{network.GetType().Name}: ONNX Runtime and PredictBatch differ by up to {worst:E3} (tolerance {tolerance:E0}).");
        Assert.Contains(expected, v => double.CreateChecked(T.Abs(v)) > 1e-3); // the comparison is not of zeros
    }
}

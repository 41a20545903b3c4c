using Microsoft.ML.OnnxRuntime;
using NnGen.Tests.Data;

namespace NnGen.Tests.Serialization;

/// <summary>Trained MNIST networks exported to ONNX give ONNX Runtime's outputs on real test digits.</summary>
[Collection(MnistEnvironmentCollection.Name)]
public sealed class OnnxMnistTests : IDisposable
{
    private const int Images = 256;
    private readonly string _folder = Directory.CreateTempSubdirectory("nngen-onnx-mnist-").FullName;

    [Fact]
    public void TrainedMlp_OnRealDigits_AgreesWithOnnxRuntimeWithin1e5() =>
        AssertAgrees(new global::Mnist.ReluMlp(seed: 1), [784]);

    [Fact]
    public void TrainedLeNet_OnRealDigits_AgreesWithOnnxRuntimeWithin1e5() =>
        AssertAgrees(new global::MnistCnn.LeNet(seed: 1), [1, 28, 28]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void AssertAgrees(INetwork<float> network, long[] sampleShape)
    {
        var train = Mnist.Load<float>(MnistSplit.Train, limit: 3000).Dataset;
        network.Fit(train, new FitOptions { Epochs = 1, BatchSize = 64, Optimizer = new Adam(1e-3) });
        var path = Path.Combine(_folder, network.GetType().Name + ".onnx");
        network.SaveOnnx(path);

        var test = Mnist.Load<float>(MnistSplit.Test, limit: Images);
        var digits = test.Dataset.Inputs.ToArray();
        var expected = new float[Images * network.OutputLength];
        network.PredictBatch(digits, expected);

        using var session = new InferenceSession(path);
        using var input = OrtValue.CreateTensorValueFromMemory(digits, [Images, .. sampleShape]);
        using var options = new RunOptions();
        using var results = session.Run(options, [Onnx.InputName], [input], [Onnx.OutputName]);
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();

        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-5, $"{network.GetType().Name}: ONNX Runtime differs by up to {worst:E2} on real digits");
        var correct = actual.Chunk(10).Select(row => Array.IndexOf(row, row.Max())).Zip(test.Labels.ToArray()).Count(p => p.First == p.Second);
        Assert.True(correct > 0.8 * Images, $"ONNX Runtime classifies {correct} of {Images} test digits right; the trained network must do better than 80 %");
    }
}

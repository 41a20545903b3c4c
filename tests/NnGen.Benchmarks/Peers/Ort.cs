using Microsoft.ML.OnnxRuntime;

namespace NnGen.Benchmarks.Peers;

/// <summary>
/// ONNX Runtime as a peer: NnGen's own network exported with SaveOnnx (so the same graph and weights), run through
/// OrtValues over preallocated input and output arrays, its fastest managed path.
/// </summary>
public sealed class Ort : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames = [Onnx.InputName];
    private readonly string[] _outputNames = [Onnx.OutputName];
    private readonly OrtValue[] _inputs;
    private readonly OrtValue[] _outputs;

    /// <param name="network">The network to export.</param>
    /// <param name="input">The input batch, (batch, ..inputShape); ORT reads it in place.</param>
    /// <param name="inputShape">One sample's shape, e.g. [784] or [1, 28, 28].</param>
    /// <param name="output">Where ORT writes the outputs, (batch, OutputLength).</param>
    /// <param name="threads">IntraOpNumThreads.</param>
    public Ort(INetwork<float> network, float[] input, long[] inputShape, float[] output, int threads)
    {
        var path = Path.Combine(Path.GetTempPath(), $"nngen-bench-{network.GetType().Name}-{Environment.ProcessId}.onnx");
        network.SaveOnnx(path);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(path, options);
        File.Delete(path);
        var batch = input.Length / inputShape.Aggregate(1L, (a, b) => a * b);
        _input = OrtValue.CreateTensorValueFromMemory(input, [batch, .. inputShape]);
        _output = OrtValue.CreateTensorValueFromMemory(output, [batch, output.Length / batch]);
        _inputs = [_input];
        _outputs = [_output];
    }

    /// <summary>One inference of the whole input batch into the output array.</summary>
    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}

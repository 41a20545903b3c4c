using NnGen.Benchmarks.Peers;
using TorchSharp;

namespace NnGen.Benchmarks.Cases;

/// <summary>
/// Inference of a batch of MNIST-sized inputs (784 values each) through a network: NnGen PredictBatch (or Predict for
/// one sample), ORT over OrtValues with <c>threads</c> intra-op threads, torch forward under no_grad (the caller
/// sets torch's threads).
/// </summary>
public sealed class BatchPredict : IDisposable
{
    private readonly INetwork<float> _network;
    private readonly float[] _inputs;      // (B, 784) real-looking pixels in [0, 1)
    private readonly float[] _outputs;     // (B, OutputLength)
    private readonly float[] _ortOutputs;  // (B, OutputLength)
    private readonly Ort _ort;
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor>? _torch;
    private readonly torch.Tensor? _torchInputs;

    /// <param name="network">MnistMlp or Dense784x128, seeded.</param>
    /// <param name="batch">Samples per call.</param>
    /// <param name="threads">ORT's IntraOpNumThreads.</param>
    /// <param name="torchModule">Builds the torch module with the network's weights.</param>
    public BatchPredict(INetwork<float> network, int batch, int threads, Func<INetwork<float>, torch.nn.Module<torch.Tensor, torch.Tensor>> torchModule)
    {
        _network = network;
        var random = new Random(7);
        _inputs = new float[batch * network.InputLength];
        for (var i = 0; i < _inputs.Length; i++) _inputs[i] = random.NextSingle();
        _outputs = new float[batch * network.OutputLength];
        _ortOutputs = new float[batch * network.OutputLength];
        _ort = new Ort(network, _inputs, [network.InputLength], _ortOutputs, threads);
        if (Torch.Unavailable is null)
        {
            _torch = torchModule(network);
            _torchInputs = Torch.Of(_inputs, batch, network.InputLength);
        }
        Batch = batch;
    }

    /// <summary>Samples per call.</summary>
    public int Batch { get; }

    public void NnGen()
    {
        if (Batch == 1) _network.Predict(_inputs, _outputs);
        else _network.PredictBatch(_inputs, _outputs);
    }

    public void OnnxRuntime() => _ort.Run();

    public void TorchSharp()
    {
        using var _ = torch.no_grad();
        using var outputs = _torch!.forward(_torchInputs!);
    }

    /// <inheritdoc cref="TinyPredict.Agreement"/>
    public string Agreement() => Check.Agreement(NnGen, _outputs, OnnxRuntime, _ortOutputs, _torch, _torchInputs);

    public void Dispose()
    {
        _ort.Dispose();
        _torch?.Dispose();
        _torchInputs?.Dispose();
    }
}

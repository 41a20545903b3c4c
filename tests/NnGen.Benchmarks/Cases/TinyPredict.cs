using NnGen.Benchmarks.Peers;
using TorchSharp;

namespace NnGen.Benchmarks.Cases;

/// <summary>Tiny MLP 1 → 8 tanh → 8 tanh → 1, one sample: NnGen Predict, ORT over OrtValues, torch forward under no_grad.</summary>
public sealed class TinyPredict : IDisposable
{
    private readonly TinyMlp _network = new(seed: 1);
    private readonly float[] _input = [0.5f];   // (1, 1)
    private readonly float[] _output = new float[1];
    private readonly float[] _ortOutput = new float[1];
    private readonly Ort _ort;
    private readonly torch.nn.Module<torch.Tensor, torch.Tensor>? _torch;
    private readonly torch.Tensor? _torchInput;

    public TinyPredict()
    {
        _ort = new Ort(_network, _input, [1], _ortOutput, threads: 1);
        if (Torch.Unavailable is null)
        {
            _torch = Torch.Tiny(_network);
            _torchInput = Torch.Of(_input, 1, 1);
        }
    }

    public void NnGen() => _network.Predict(_input, _output);

    public void OnnxRuntime() => _ort.Run();

    public void TorchSharp()
    {
        using var _ = torch.no_grad();
        using var output = _torch!.forward(_torchInput!);
    }

    /// <summary><paramref name="calls"/> calls of <see cref="NnGen()"/> in a loop of direct calls, as a user's loop makes them.</summary>
    public void NnGen(int calls)
    {
        for (var i = 0; i < calls; i++) NnGen();
    }

    /// <summary>The largest difference between NnGen's output and each peer's.</summary>
    public string Agreement() => Check.Agreement(NnGen, _output, OnnxRuntime, _ortOutput, _torch, _torchInput);

    public void Dispose()
    {
        _ort.Dispose();
        _torch?.Dispose();
        _torchInput?.Dispose();
    }
}

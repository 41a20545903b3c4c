using TorchSharp;
using static TorchSharp.torch;

namespace NnGen.Benchmarks.Peers;

/// <summary>
/// TorchSharp-cpu as a peer: whether it loads here (and why not), its thread setting, and modules that hold exactly
/// an NnGen network's weights.
/// </summary>
/// <remarks>
/// PyTorch's layouts are NnGen's: Linear weight (out, in), Conv2d weight (out, in, k, k), each followed by its bias, so
/// the parameters copy over tensor by tensor in layer order; shapes are checked on the way.
/// </remarks>
public static class Torch
{
    private static readonly Lazy<string?> LoadFailure = new(TryLoad);

    /// <summary>Null when TorchSharp's native libraries load; otherwise why they do not, in one line.</summary>
    public static string? Unavailable => LoadFailure.Value;

    private static string? TryLoad()
    {
        try
        {
            // The first touch of `torch` loads libLibTorchSharp.so and libtorch.
            torch.set_num_threads(1);
            using var probe = torch.ones(2, 2);
            return probe.sum().item<float>() == 4f ? null : "TorchSharp loaded but computes nonsense";
        }
        catch (Exception e)
        {
            var inner = e;
            while (inner.InnerException is not null) inner = inner.InnerException;
            var message = inner.Message.ReplaceLineEndings(" ");
            return $"TorchSharp did not load ({inner.GetType().Name}: {(message.Length > 160 ? message[..160] + "…" : message)})";
        }
    }

    /// <summary>Sets libtorch's intra-op thread count (a process-wide setting, so every timed run sets its own).</summary>
    public static void Threads(int count) => torch.set_num_threads(count);

    /// <summary>nn.Sequential(Linear(1, 8), Tanh, Linear(8, 8), Tanh, Linear(8, 1)) with <paramref name="network"/>'s weights.</summary>
    public static nn.Module<Tensor, Tensor> Tiny(INetwork<float> network) => WithWeights(network, nn.Sequential(
        ("0", nn.Linear(1, 8)), ("1", nn.Tanh()), ("2", nn.Linear(8, 8)), ("3", nn.Tanh()), ("4", nn.Linear(8, 1))));

    /// <summary>Linear(784, 128), ReLU, Linear(128, 10), then Softmax when <paramref name="softmax"/> (inference) or logits (training with cross_entropy).</summary>
    public static nn.Module<Tensor, Tensor> Mlp(INetwork<float> network, bool softmax) => WithWeights(network, softmax
        ? nn.Sequential(("0", nn.Linear(784, 128)), ("1", nn.ReLU()), ("2", nn.Linear(128, 10)), ("3", nn.Softmax(1)))
        : nn.Sequential(("0", nn.Linear(784, 128)), ("1", nn.ReLU()), ("2", nn.Linear(128, 10))));

    /// <summary>Linear(784, 128) alone.</summary>
    public static nn.Module<Tensor, Tensor> Dense(INetwork<float> network) => WithWeights(network, nn.Sequential(("0", nn.Linear(784, 128))));

    /// <summary>The LeNet: Conv 1→8 (3, same), ReLU, MaxPool 2, Conv 8→16, ReLU, MaxPool 2, Flatten, Linear 784→10 (logits).</summary>
    public static nn.Module<Tensor, Tensor> LeNet(INetwork<float> network) => WithWeights(network, nn.Sequential(
        ("0", nn.Conv2d(1, 8, 3, padding: 1)), ("1", nn.ReLU()), ("2", nn.MaxPool2d(2)),
        ("3", nn.Conv2d(8, 16, 3, padding: 1)), ("4", nn.ReLU()), ("5", nn.MaxPool2d(2)),
        ("6", nn.Flatten()), ("7", nn.Linear(784, 10))));

    /// <summary>A float tensor of the given shape holding a copy of <paramref name="values"/>.</summary>
    public static Tensor Of(ReadOnlySpan<float> values, params long[] shape) => torch.tensor(values.ToArray(), shape);

    /// <summary>Copies NnGen's parameters into the module's, tensor by tensor in order, checking every shape.</summary>
    private static nn.Module<Tensor, Tensor> WithWeights(INetwork<float> network, nn.Module<Tensor, Tensor> module)
    {
        var ours = network.ParameterTensors;
        var theirs = module.parameters().ToArray();
        if (ours.Count != theirs.Length)
            throw new InvalidOperationException($"NnGen has {ours.Count} parameter tensors, the torch module {theirs.Length}.");
        using var _ = torch.no_grad();
        for (var i = 0; i < ours.Count; i++)
        {
            var shape = ours[i].Shape.Select(d => (long)d).ToArray();
            if (!shape.SequenceEqual(theirs[i].shape))
                throw new InvalidOperationException($"{ours[i].Name}: NnGen shape ({string.Join(", ", shape)}), torch ({string.Join(", ", theirs[i].shape)}).");
            using var source = Of(network.Parameters.Slice(ours[i].Offset, ours[i].Length), shape);
            theirs[i].copy_(source);
        }
        module.eval();
        return module;
    }
}

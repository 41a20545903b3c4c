using NnGen.Benchmarks.Peers;
using TorchSharp;
using static TorchSharp.torch;

namespace NnGen.Benchmarks.Cases;

/// <summary>
/// One epoch of training on the first <c>count</c> MNIST training images, Adam 1e-3, batch 64: NnGen's Fit
/// (Verbose off) against the same loop in TorchSharp (shuffle, forward, cross-entropy, backward, Adam step), both
/// starting from the same weights.
/// </summary>
/// <remarks>
/// NnGen's Fit also does what Fit always does: it checks the data for NaN (the first time it trains on a dataset: in
/// the first of the timed epochs), counts the training accuracy from each step's outputs and keeps a copy of the last
/// good weights at every step. The torch loop does none of these, so the
/// comparison is NnGen's real training call against torch's bare minimum.
/// </remarks>
public sealed class Training : IDisposable
{
    private const int BatchSize = 64;
    private readonly INetwork<float> _network;
    private readonly Dataset<float> _data;
    private readonly Adam _adam = new(1e-3);
    private readonly nn.Module<Tensor, Tensor>? _torch;
    private readonly optim.Optimizer? _torchAdam;
    private readonly Tensor? _torchInputs;   // (n, ..inputShape)
    private readonly Tensor? _torchLabels;   // (n) int64 digits
    private readonly Generator? _torchShuffle;

    /// <param name="network">A fresh MnistMlp or LeNet.</param>
    /// <param name="inputShape">One sample's shape for torch: [784] or [1, 28, 28].</param>
    /// <param name="count">How many training images make the epoch (60 000 for a full one).</param>
    /// <param name="torchModule">Builds the torch module (logits, no softmax: cross_entropy applies it).</param>
    public Training(INetwork<float> network, long[] inputShape, int count, Func<INetwork<float>, nn.Module<Tensor, Tensor>> torchModule)
    {
        _network = network;
        var train = MnistData.Train;
        count = Math.Min(count, train.Count);
        _data = count == train.Count ? train.Dataset : train.Dataset.Subset(Enumerable.Range(0, count).ToArray());
        Count = count;
        if (Torch.Unavailable is null)
        {
            _torch = torchModule(network);
            _torch.train();
            _torchAdam = optim.Adam(_torch.parameters(), lr: 1e-3);
            _torchInputs = Torch.Of(_data.Inputs, [count, .. inputShape]);
            _torchLabels = torch.tensor(train.Labels[..count].ToArray().Select(l => (long)l).ToArray(), [count]);
            _torchShuffle = new Generator(1);
        }
    }

    /// <summary>Images in the epoch.</summary>
    public int Count { get; }

    public void NnGen() => _network.Fit(_data, new FitOptions { Epochs = 1, BatchSize = BatchSize, Optimizer = _adam, Seed = 1 });

    public void TorchSharp()
    {
        using var order = torch.randperm(Count, generator: _torchShuffle);
        for (var start = 0; start < Count; start += BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var batch = order.narrow(0, start, Math.Min(BatchSize, Count - start));
            var inputs = _torchInputs!.index_select(0, batch);
            var labels = _torchLabels!.index_select(0, batch);
            _torchAdam!.zero_grad();
            var loss = nn.functional.cross_entropy(_torch!.forward(inputs), labels);
            loss.backward();
            _torchAdam.step();
        }
    }

    public void Dispose()
    {
        _torch?.Dispose();
        _torchAdam?.Dispose();
        _torchInputs?.Dispose();
        _torchLabels?.Dispose();
        _torchShuffle?.Dispose();
    }
}

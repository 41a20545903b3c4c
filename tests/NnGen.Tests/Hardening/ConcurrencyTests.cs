using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using NnGen.Tests.Networks;

namespace NnGen.Tests.Hardening;

[Input(12)]
[Dense(64), Activation(Act.ReLU), Dropout(0.2)]
[Dense(32), Activation(Act.Tanh)]
[Dense(4), Activation(Act.Softmax)]
[Loss(LossKind.CrossEntropy)]
public partial class ConcurrentMlp;

/// <summary>
/// Many threads calling Predict, PredictBatch and Evaluate on one trained network at once get bit for bit the answers
/// one thread gets, and inference changes neither the weights nor BatchNorm's running statistics. Two networks of the
/// same class take turns on every thread, so that scratch shared between instances would show too.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 6;
    private const int Rounds = 2;

    [Fact]
    public void Mlp_AnswersTheSameOnManyThreadsAsOnOne() =>
        AssertThreadSafe<float>(() => new ConcurrentMlp(seed: 1), () => new ConcurrentMlp(seed: 2), outputs: 4);

    [Fact]
    public void CnnWithBatchNorm_AnswersTheSameOnManyThreadsAsOnOne() =>
        AssertThreadSafe<float>(() => new ConvBatchNormFloat(seed: 1), () => new ConvBatchNormFloat(seed: 2), outputs: 3);

    [Fact]
    public void ResidualNetwork_AnswersTheSameOnManyThreadsAsOnOne() =>
        AssertThreadSafe<double>(() => new ResidualBlock(seed: 1), () => new ResidualBlock(seed: 2), outputs: 2);

    /// <summary>One call of the work list: which network, which method, which samples.</summary>
    private sealed record Call(int Network, string Method, int Start, int Count);

    private static void AssertThreadSafe<T>(Func<INetwork<T>> first, Func<INetwork<T>> second, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        INetwork<T>[] networks = [first(), second()];
        var data = RandomData<T>(networks[0].InputLength, outputs, samples: 48, seed: 3);
        foreach (var network in networks)
        {
            // Trained, so that BatchNorm's running statistics are the network's own, not their initial 0 and 1.
            network.Fit(data, new FitOptions { Epochs = 2, BatchSize = 8, Optimizer = new Adam(0.01), Seed = 5 });
        }
        var weights = networks.Select(n => n.Parameters.ToArray()).ToArray();
        var buffers = networks.Select(n => n.Buffers.ToArray()).ToArray();
        int[] counts = [1, 2, 3, 8, 9, 17];
        var calls = new List<Call>();
        for (var i = 0; i < 48; i++)
        {
            var count = i % 3 == 0 ? 1 : counts[i % counts.Length];
            calls.Add(new Call(i % 2, (i % 3) switch { 0 => "Predict", 1 => "PredictBatch", _ => "Evaluate" }, (7 * i) % (data.Count - count + 1), count));
        }

        var expected = calls.Select(call => Run(networks, data, call)).ToArray();
        var failures = new ConcurrentQueue<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var order = Enumerable.Range(0, calls.Count).ToArray();
            new Rng((ulong)t + 1).Shuffle(order.AsSpan());
            start.SignalAndWait();
            for (var round = 0; round < Rounds; round++)
            {
                foreach (var c in order)
                {
                    var actual = Run(networks, data, calls[c]);
                    if (!MemoryMarshal.AsBytes(actual.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(expected[c].AsSpan())))
                        failures.Enqueue($"thread {t}, round {round}: {calls[c]} gave [{string.Join(", ", actual)}], one thread gave [{string.Join(", ", expected[c])}]");
                }
            }
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());
        Assert.True(failures.IsEmpty, $"{failures.Count} answers differ from one thread's; first: {failures.FirstOrDefault()}");
        for (var n = 0; n < networks.Length; n++)
        {
            Assert.Equal(weights[n], networks[n].Parameters.ToArray());
            Assert.Equal(buffers[n], networks[n].Buffers.ToArray());
        }

        // The two networks differ, so that a mix-up between them would show.
        Assert.NotEqual(Run(networks, data, calls[0]), Run(networks, data, calls[0] with { Network = 1 }));
    }

    /// <summary>The outputs of one call, followed by Evaluate's loss.</summary>
    private static T[] Run<T>(INetwork<T>[] networks, Dataset<T> data, Call call) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var network = networks[call.Network];
        var inputs = data.Inputs.Slice(call.Start * data.InputLength, call.Count * data.InputLength);
        var outputs = new T[call.Count * data.TargetLength + 1];
        var y = outputs.AsSpan(0, call.Count * data.TargetLength);
        switch (call.Method)
        {
            case "Predict":
                network.Predict(inputs, y);
                break;
            case "PredictBatch":
                network.PredictBatch(inputs, y);
                break;
            default:
                outputs[^1] = network.Evaluate(inputs, data.Targets.Slice(call.Start * data.TargetLength, call.Count * data.TargetLength), y);
                break;
        }

        return outputs;
    }

    private static Dataset<T> RandomData<T>(int inputLength, int classes, int samples, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var inputs = new T[samples * inputLength];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = T.CreateTruncating(rng.NextGaussian());
        if (classes == 2 && typeof(T) == typeof(double))
        {
            // ResidualBlock ends in two sigmoids with binary cross-entropy: independent 0/1 targets.
            var targets = new T[samples * classes];
            for (var i = 0; i < targets.Length; i++) targets[i] = rng.NextInt(2) == 0 ? T.Zero : T.One;
            return new Dataset<T>(inputs, targets, inputLength, classes);
        }

        return Dataset<T>.FromLabels(inputs, inputLength, [.. Enumerable.Range(0, samples).Select(i => rng.NextInt(classes))], classes);
    }
}

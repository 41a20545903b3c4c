using NnGen;
using Samples;

namespace MnistCnn;

/// <summary>Convolutional networks on MNIST, each with Adam (learning rate 1e-3 to start) and mini-batches of 64.</summary>
public static class MnistCnnLesson
{
    /// <summary>Trains <paramref name="network"/> on the first <paramref name="trainLimit"/> training images (all by default).</summary>
    public static ClassificationResult Train(string name, INetwork<float> network, int epochs, int? trainLimit = null, ulong seed = 1,
        bool verbose = false, Func<int, double>? schedule = null)
    {
        var train = Mnist.Load<float>(MnistSplit.Train, trainLimit);
        var test = Mnist.Load<float>(MnistSplit.Test);
        return Classification.Run(name, network, train, test, new FitOptions
        {
            Epochs = epochs,
            BatchSize = 64,
            Optimizer = new Adam(1e-3),
            Seed = seed,
            Verbose = verbose,
            LearningRateSchedule = schedule,
        });
    }

    public static ClassificationResult LeNet(int epochs = 3, int? trainLimit = null, bool verbose = false) =>
        Train("LeNet-like CNN", new LeNet(seed: 1), epochs, trainLimit, verbose: verbose);

    public static ClassificationResult Wide(int epochs = 5, int? trainLimit = null, bool verbose = false) =>
        Train("Wider CNN, Adam 1e-3 halved every epoch", new WideCnn(seed: 1), epochs, trainLimit, verbose: verbose,
            schedule: LearningRateSchedules.Exponential(1e-3, 0.5));

    public static ClassificationResult Residual(int epochs = 3, int? trainLimit = null, bool verbose = false) =>
        Train("Residual CNN with BatchNorm", new ResNet(seed: 1), epochs, trainLimit, verbose: verbose);
}

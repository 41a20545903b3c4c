using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

public class LearningRateScheduleTests
{
    private static readonly Dataset<double> Data = SyntheticData.Linear<double>(40, new double[,] { { 2.0 } }, [1.0], seed: 1);

    [Fact]
    public void Exponential_ShrinksByTheFactorEveryEpoch()
    {
        var schedule = LearningRateSchedules.Exponential(0.1, 0.5);

        Assert.Equal([0.1, 0.05, 0.025], new[] { schedule(1), schedule(2), schedule(3) });
    }

    [Fact]
    public void Step_DropsEveryNEpochs()
    {
        var schedule = LearningRateSchedules.Step(1.0, 0.1, every: 2);

        Assert.Equal([1.0, 1.0, 0.1, 0.1, 0.01], new[] { schedule(1), schedule(2), schedule(3), schedule(4), schedule(5) }.Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void Fit_SetsEachEpochsRateBeforeTheEpoch()
    {
        var seen = new List<double>();
        var optimizer = new Sgd(1.0);
        var options = new FitOptions
        {
            Epochs = 3,
            Optimizer = optimizer,
            LearningRateSchedule = epoch => 0.01 * epoch,
            Progress = new Progress(_ => seen.Add(optimizer.LearningRate)),
        };

        new ReferenceLinearNetwork<double>(1, 1).Fit(Data, options);

        Assert.Equal([0.01, 0.02, 0.03], seen.Select(r => Math.Round(r, 12)));
    }

    [Fact]
    public void Fit_RefusesANegativeOrNaNRate()
    {
        var options = new FitOptions { Epochs = 2, Optimizer = new Sgd(0.1), LearningRateSchedule = epoch => epoch == 2 ? double.NaN : 0.1 };

        var error = Assert.Throws<InvalidOperationException>(() => new ReferenceLinearNetwork<double>(1, 1).Fit(Data, options));
        Assert.Contains("epoch 2", error.Message);
    }

    [Fact]
    public void Schedules_RefuseFactorsOutsideZeroToOne() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Exponential(0.1, 1.5));

    /// <summary>Reports synchronously, unlike System.Progress, which posts to the thread pool.</summary>
    private sealed class Progress(Action<EpochReport> report) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => report(value);
    }
}

using NnGen.Tests.Support;

namespace NnGen.Tests.Runtime;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleProgressTests
{
    private static readonly Dataset<double> Data = SyntheticData.Sectors<double>(60, 3, seed: 1);

    private static string CaptureConsole(Action action)
    {
        var original = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            action();
        }
        finally
        {
            Console.SetOut(original);
        }

        return capture.ToString();
    }

    [Fact]
    public void EpochReport_PrintsAsOneAlignedLine()
    {
        var report = new EpochReport(3, 10, 0.1234, 0.9712, 0.13, 0.968, TimeSpan.FromSeconds(1.2));
        Assert.Equal("epoch  3/10  loss 0.1234  acc 97.12%  val_loss 0.1300  val_acc 96.80%  1.2 s", report.ToString());

        var regression = new EpochReport(12, 100, 2.5e-7, null, null, null, TimeSpan.FromMilliseconds(42));
        Assert.Equal("epoch  12/100  loss 2.500e-07  42 ms", regression.ToString());
    }

    [Fact]
    public void RedirectedConsoleProgress_PrintsExactlyOneLinePerEpoch()
    {
        var output = CaptureConsole(() => new ReferenceLinearNetwork<double>(2, 3, LossKind.CrossEntropy).Fit(
            Data, new FitOptions { Epochs = 4, BatchSize = 8, Optimizer = new Adam(), Progress = new ConsoleProgress(null, live: false) }));

        var lines = output.Split(Environment.NewLine);
        Assert.Equal(5, lines.Length); // four lines and the empty rest after the last newline
        Assert.Equal("", lines[4]);
        for (var epoch = 1; epoch <= 4; epoch++)
        {
            Assert.StartsWith($"epoch {epoch}/4  loss ", lines[epoch - 1]);
            Assert.Contains("  acc ", lines[epoch - 1]);
        }

        Assert.DoesNotContain('\r', output);
    }

    [Fact]
    public void Every_PrintsTheFirstEveryNthAndTheLastEpoch()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, live: false) { Every = 4 };

        for (var epoch = 1; epoch <= 10; epoch++)
            progress.Report(new EpochReport(epoch, 10, 0.5, null, null, null, TimeSpan.Zero));

        var epochs = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line.Split('/')[0]["epoch".Length..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([1, 4, 8, 10], epochs);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConsoleProgress { Every = 0 });
    }

    [Fact]
    public void Verbose_PrintsOneLinePerEpochToTheConsole()
    {
        var output = CaptureConsole(() => new ReferenceLinearNetwork<double>(2, 3, LossKind.CrossEntropy).Fit(
            Data, new FitOptions { Epochs = 3, Optimizer = new Adam(), Verbose = true }));

        // Under the test host the console is redirected, so there is no bar; if it ever is not, each line ends with
        // the epoch's report written over the bar.
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("epoch ", line.Split('\r')[^1]));
    }

    [Fact]
    public void LiveConsoleProgress_DrawsABarThenWritesTheEpochLineOverIt()
    {
        var writer = new StringWriter();
        var progress = new ConsoleProgress(writer, live: true);
        progress.Report(new BatchReport(1, 2, 1, 10, 0.5));
        progress.Report(new EpochReport(1, 2, 0.4, null, null, null, TimeSpan.FromSeconds(2)));

        var output = writer.ToString();
        var bar = "\repoch 1/2  [==..................]  1/10  loss 0.5000";
        Assert.StartsWith(bar, output);
        Assert.EndsWith("\r" + "epoch 1/2  loss 0.4000  2.0 s".PadRight(bar.Length - 1) + Environment.NewLine, output);
    }
}

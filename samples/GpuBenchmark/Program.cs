using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GpuBenchmark;
using NnGen;
using NnGen.Gpu;

// Times MNIST training and batch inference of the generated kernels on one device, case by case, each case's
// failure printed and the others run on. Usage:
//   GpuBenchmark --data DIR [--device cuda|cpu] [--epochs 3] [--batch 128] [--limit N] [--cases mlp,lenet] [--json FILE] [--max-seconds 120]
var options = Options.Parse(args);
Console.WriteLine($"NnGen GPU benchmark: data {options.Data}, epochs {options.Epochs}, batch {options.Batch}, limit {options.Limit?.ToString(CultureInfo.InvariantCulture) ?? "all"}");
var total = Stopwatch.StartNew();
var train = Mnist.Load<float>(options.Data, MnistSplit.Train, options.Limit);
var test = Mnist.Load<float>(options.Data, MnistSplit.Test, options.Limit is { } l ? Math.Min(l, 10_000) : null);
Console.WriteLine($"loaded {train.Count} training and {test.Count} test images in {total.Elapsed.TotalSeconds:0.0} s");

using var device = GpuDevice.Create(options.Device);
Console.WriteLine($"device: {device.Name} ({device.Kind})");
var results = new List<Dictionary<string, object>>();
foreach (var name in options.Cases)
{
    try
    {
        var result = name switch
        {
            "mlp" => Run(new MnistMlp(seed: 1), "MLP 784-128-10"),
            "lenet" => Run(new LeNet(seed: 1), "LeNet-5"),
            _ => throw new ArgumentException($"unknown case '{name}'; use mlp or lenet"),
        };
        results.Add(result);
    }
    catch (Exception e)
    {
        Console.WriteLine($"case {name} FAILED: {e}");
        results.Add(new() { ["case"] = name, ["error"] = e.Message });
    }
}

if (options.Json is { } json) File.WriteAllText(json, JsonSerializer.Serialize(new { device = device.Name, kind = device.Kind.ToString(), results }, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"done in {total.Elapsed.TotalSeconds:0.0} s");
return results.Any(r => r.ContainsKey("error")) ? 1 : 0;

Dictionary<string, object> Run<TNet>(TNet net, string title) where TNet : IGpuModel<float>
{
    Console.WriteLine($"--- {title}: {net.ParameterCount:N0} parameters");
    var clock = Stopwatch.StartNew();
    using var trainer = new GpuTrainer<float>(net, device);
    using var trainData = new GpuDataset<float>(device.Accelerator, train.Dataset);
    using var testData = new GpuDataset<float>(device.Accelerator, test.Dataset);
    var optimizer = new Adam(1e-3);
    var rng = new Rng(7);

    // Warm-up: ILGPU compiles every kernel on first launch; a few batches also settle the clocks.
    using (var warm = new GpuDataset<float>(device.Accelerator, train.Dataset.Subset([.. Enumerable.Range(0, Math.Min(train.Count, options.Batch * 4))])))
        trainer.TrainEpoch(warm, options.Batch, optimizer, rng);
    trainer.PredictOnDevice(testData, 1000);
    trainer.Synchronize();
    var compile = clock.Elapsed.TotalSeconds;
    Console.WriteLine($"kernels loaded and warmed up in {compile:0.00} s");

    var epochs = new List<double>();
    var losses = new List<double>();
    for (var epoch = 1; epoch <= options.Epochs; epoch++)
    {
        if (clock.Elapsed.TotalSeconds > options.MaxSeconds) { Console.WriteLine($"time cap {options.MaxSeconds} s reached"); break; }
        var started = Stopwatch.GetTimestamp();
        var (loss, _) = trainer.TrainEpoch(trainData, options.Batch, optimizer, rng); // reads the loss back, so the epoch has finished
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        epochs.Add(seconds);
        losses.Add(loss);
        Console.WriteLine($"epoch {epoch}: loss {loss:0.0000}, {seconds:0.000} s, {train.Count / seconds:N0} images/s");
    }

    // Inference: the test set already on the device, 1000 images a pass, outputs left there; then host to host.
    var repeats = 5;
    var inferStarted = Stopwatch.GetTimestamp();
    for (var r = 0; r < repeats; r++) trainer.PredictOnDevice(testData, 1000);
    trainer.Synchronize();
    var inferSeconds = Stopwatch.GetElapsedTime(inferStarted).TotalSeconds / repeats;
    var outputs = new float[test.Count * net.OutputLength];
    var hostStarted = Stopwatch.GetTimestamp();
    trainer.PredictBatch(test.Dataset.Inputs, outputs);
    var hostSeconds = Stopwatch.GetElapsedTime(hostStarted).TotalSeconds;
    var accuracy = (double)Accuracy.CountCorrect<float>(outputs, test.Dataset.Targets, net.OutputLength) / test.Count;
    var best = epochs.Count > 1 ? epochs.Skip(1).Min() : epochs.DefaultIfEmpty(double.NaN).Min();
    Console.WriteLine($"train: best epoch {best:0.000} s = {train.Count / best:N0} images/s; inference on device {test.Count / inferSeconds:N0} images/s; " +
        $"host to host {test.Count / hostSeconds:N0} images/s; test accuracy {100 * accuracy:0.00}%");
    return new()
    {
        ["case"] = title, ["parameters"] = net.ParameterCount, ["batch"] = options.Batch, ["trainImages"] = train.Count,
        ["warmupSeconds"] = compile, ["epochSeconds"] = epochs, ["losses"] = losses,
        ["trainImagesPerSecond"] = train.Count / best, ["inferImagesPerSecond"] = test.Count / inferSeconds,
        ["inferHostToHostImagesPerSecond"] = test.Count / hostSeconds, ["testAccuracy"] = accuracy,
    };
}

internal sealed record Options(string Data, GpuDeviceKind Device, int Epochs, int Batch, int? Limit, string[] Cases, string? Json, double MaxSeconds)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        var limit = Value("--limit", "");
        return new Options(
            Value("--data", "") is { Length: > 0 } data ? data : Mnist.DefaultDirectory,
            Value("--device", "auto") switch { "cuda" => GpuDeviceKind.Cuda, "cpu" => GpuDeviceKind.Cpu, _ => GpuDeviceKind.Auto },
            int.Parse(Value("--epochs", "3"), CultureInfo.InvariantCulture),
            int.Parse(Value("--batch", "128"), CultureInfo.InvariantCulture),
            limit.Length == 0 ? null : int.Parse(limit, CultureInfo.InvariantCulture),
            Value("--cases", "mlp,lenet").Split(','),
            Value("--json", "") is { Length: > 0 } json ? json : null,
            double.Parse(Value("--max-seconds", "150"), CultureInfo.InvariantCulture));
    }
}

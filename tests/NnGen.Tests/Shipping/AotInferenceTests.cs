using System.Diagnostics;
using System.Runtime.CompilerServices;
using NnGen.Tests.Data;

namespace NnGen.Tests.Shipping;

/// <summary>
/// samples/AotInference as a user ships it: weights trained here, published with NativeAOT into one native binary
/// that holds them, then run on the MNIST test set with no .NET runtime and no side files.
/// </summary>
[Collection(MnistEnvironmentCollection.Name)]
public sealed class AotInferenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nngen-aot-").FullName;

    [Fact]
    public void PublishedBinary_HoldsItsWeights_AndClassifiesTheTestSet()
    {
        var weights = Path.Combine(_root, "digits.safetensors");
        var trained = new global::Mnist.ReluMlp(seed: 1);
        trained.Fit(NnGen.Mnist.Load<float>(MnistSplit.Train).Dataset, new FitOptions { Epochs = 1, BatchSize = 64, Optimizer = new Adam(1e-3) });
        trained.SaveSafetensors(weights);

        var output = Path.Combine(_root, "out");
        var publish = Run("dotnet",
            $"publish \"{Path.Combine(RepositoryRoot(), "samples", "AotInference", "AotInference.csproj")}\" -c Release -r linux-x64 " +
            $"-p:Weights=\"{weights}\" -o \"{output}\" --artifacts-path \"{Path.Combine(_root, "artifacts")}\"");
        Assert.DoesNotContain("warning", publish, StringComparison.OrdinalIgnoreCase);
        var binary = Path.Combine(output, "AotInference");
        Assert.True(File.Exists(binary), publish);
        File.Delete(weights);

        var mnist = NnGen.Mnist.DefaultDirectory;
        var result = Run(binary, $"\"{Path.Combine(mnist, "t10k-images-idx3-ubyte")}\" \"{Path.Combine(mnist, "t10k-labels-idx1-ubyte")}\"");

        var test = NnGen.Mnist.Load<float>(MnistSplit.Test);
        var expected = trained.PredictClasses(test.Dataset).Take(10);
        Assert.Contains($"predictions of the first 10: {string.Join(" ", expected)}", result);
        var accuracy = double.Parse(result.Split("accuracy ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 95, result);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + error.Result;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed with {process.ExitCode}:\n{output}");
        return output;
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}

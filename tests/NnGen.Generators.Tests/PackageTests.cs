using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NnGen.Generators.Tests;

/// <summary>
/// The NuGet package as a user meets it: packed to a local folder, referenced by one PackageReference from a fresh
/// console project, which builds and runs a network, and whose shape mistake fails the build with an NNG error.
/// </summary>
public sealed class PackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private readonly string _root = Directory.CreateTempSubdirectory("nngen-package-").FullName;

    [Fact]
    public void PackedPackage_GeneratesWorkingCode_AndTurnsShapeErrorsIntoBuildErrors()
    {
        var feed = Path.Combine(_root, "feed");
        var version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        Run("dotnet", $"pack \"{Path.Combine(RepositoryRoot(), "src", "NnGen", "NnGen.csproj")}\" -c {Configuration} --no-build -o \"{feed}\" -p:Version={version}", RepositoryRoot());
        var package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        using (var archive = System.IO.Compression.ZipFile.OpenRead(package))
        {
            Assert.Contains(archive.Entries, e => e.FullName == "analyzers/dotnet/cs/NnGen.Generators.dll");
            Assert.Contains(archive.Entries, e => e.FullName == "lib/net10.0/NnGen.dll");
        }

        var consumer = Path.Combine(_root, "consumer");
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="NnGen" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using NnGen;
            var xor = new Xor(seed: 1);
            var data = new Dataset<float>([0, 0, 0, 1, 1, 0, 1, 1], [0, 1, 1, 0], 2, 1);
            xor.Fit(data, new FitOptions { Epochs = 500, BatchSize = 4, Optimizer = new Adam(0.05) });
            var outputs = new float[4];
            xor.PredictBatch(data.Inputs, outputs);
            Console.WriteLine(string.Join(" ", outputs.Select(o => o > 0.5f ? 1 : 0)));

            [Input(2)]
            [Dense(4), Activation(Act.Tanh)]
            [Dense(1), Activation(Act.Sigmoid)]
            [Loss(LossKind.BinaryCrossEntropy)]
            public partial class Xor;
            """);

        var packages = Path.Combine(_root, "packages");
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        var output = Run("dotnet", "run -c Release", consumer, environment);
        Assert.EndsWith("0 1 1 0", output.TrimEnd());

        File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
            using NnGen;
            Console.WriteLine(Image.ParameterCount);

            [Input(1, 28, 28)]
            [Dense(10), Activation(Act.Softmax)]
            [Loss(LossKind.CrossEntropy)]
            public partial class Image;
            """);
        var (exitCode, failed) = Execute("dotnet", "build -c Release", consumer, environment);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("error NNG0013", failed);
        Assert.Contains("Program.cs(5,2): error NNG0013", failed);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Run(string file, string arguments, string directory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exitCode, output) = Execute(file, arguments, directory, environment);
        Assert.True(exitCode == 0, $"{file} {arguments} failed with {exitCode}:\n{output}");
        return output;
    }

    private static (int ExitCode, string Output) Execute(string file, string arguments, string directory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}

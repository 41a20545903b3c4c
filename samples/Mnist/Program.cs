using Mnist;
using NnGen;
using Samples;

// dotnet run -c Release --project samples/Mnist -- [sigmoid|relu|all] [--epochs N] [--limit N] [--save digits.safetensors]
// --save writes the ReLU network's weights (PyTorch names), which samples/AotInference builds into its binary.
// Each run also writes mnist-output/{sigmoid|relu}-curves.png and -confusion.png.
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int? epochs = Option("--epochs");
int? limit = Option("--limit");

if (which is "sigmoid" or "all")
{
    Console.WriteLine(SigmoidMlp.Summary);
    Report("sigmoid", MnistLesson.Sigmoid(epochs ?? 5, limit, verbose: true));
}
if (which is "relu" or "all")
{
    Console.WriteLine(ReluMlp.Summary);
    var network = new ReluMlp(seed: 1);
    Report("relu", MnistLesson.Relu(epochs ?? 5, limit, verbose: true, network));
    if (Array.IndexOf(args, "--save") is var at and >= 0 && at + 1 < args.Length)
    {
        network.SaveSafetensors(args[at + 1]);
        Console.WriteLine($"saved the weights to {args[at + 1]}");
    }
}

// Prints the result and saves its training curves and test-set confusion matrix as PNGs.
static void Report(string name, ClassificationResult result)
{
    result.Print();
    result.SaveFigures("mnist-output", name);
}

int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
}

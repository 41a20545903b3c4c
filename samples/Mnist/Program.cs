using Mnist;
using NnGen;
using Samples;

// dotnet run -c Release --project samples/Mnist -- [sigmoid|relu|all] [--epochs N] [--limit N] [--save digits.safetensors]
// --save writes the ReLU network's weights (PyTorch names), which samples/AotInference builds into its binary.
// Each run also writes mnist-output/{sigmoid|relu}-curves.png and -confusion.png.
var options = new CommandLine(args);
var which = options.Word("all");
var epochs = options.Int("--epochs");
var limit = options.Int("--limit");

if (which is "sigmoid" or "all")
{
    Console.WriteLine(SigmoidMlp.Summary);
    MnistLesson.Sigmoid(epochs ?? 5, limit, verbose: true).Report("mnist-output", "sigmoid");
}
if (which is "relu" or "all")
{
    Console.WriteLine(ReluMlp.Summary);
    var network = new ReluMlp(seed: 1);
    MnistLesson.Relu(epochs ?? 5, limit, verbose: true, network).Report("mnist-output", "relu");
    if (options.Value("--save") is { } weights)
    {
        network.SaveSafetensors(weights);
        Console.WriteLine($"saved the weights to {weights}");
    }
}

using Mnist;

// dotnet run -c Release --project samples/Mnist -- [sigmoid|relu|all] [--epochs N] [--limit N]
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
int? epochs = Option("--epochs");
int? limit = Option("--limit");

if (which is "sigmoid" or "all")
{
    Console.WriteLine(SigmoidMlp.Summary);
    MnistLesson.Sigmoid(epochs ?? 5, limit, verbose: true).Print();
}
if (which is "relu" or "all")
{
    Console.WriteLine(ReluMlp.Summary);
    MnistLesson.Relu(epochs ?? 5, limit, verbose: true).Print();
}

int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
}

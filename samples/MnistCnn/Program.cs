using MnistCnn;

// dotnet run -c Release --project samples/MnistCnn -- [lenet|wide|resnet|all] [--epochs N] [--limit N]
// Each run also writes mnist-output/{name}-curves.png and -confusion.png.
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "lenet";
int? epochs = Option("--epochs");
int? limit = Option("--limit");

if (which is "lenet" or "all")
{
    Console.WriteLine(LeNet.Summary);
    Report("lenet", MnistCnnLesson.LeNet(epochs ?? 3, limit, verbose: true));
}
if (which is "wide" or "all")
{
    Console.WriteLine(WideCnn.Summary);
    Report("wide", MnistCnnLesson.Wide(epochs ?? 5, limit, verbose: true));
}
if (which is "resnet" or "all")
{
    Console.WriteLine(ResNet.Summary);
    Report("resnet", MnistCnnLesson.Residual(epochs ?? 3, limit, verbose: true));
}

// Prints the result and saves its training curves and test-set confusion matrix as PNGs in mnist-output/.
static void Report(string name, Samples.ClassificationResult result)
{
    result.Print();
    result.SaveFigures("mnist-output", name);
}

int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
}

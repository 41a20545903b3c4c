using MnistCnn;

// dotnet run -c Release --project samples/MnistCnn -- [lenet|wide|resnet|all] [--epochs N] [--limit N]
var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "lenet";
int? epochs = Option("--epochs");
int? limit = Option("--limit");

if (which is "lenet" or "all")
{
    Console.WriteLine(LeNet.Summary);
    MnistCnnLesson.LeNet(epochs ?? 3, limit, verbose: true).Print();
}
if (which is "wide" or "all")
{
    Console.WriteLine(WideCnn.Summary);
    MnistCnnLesson.Wide(epochs ?? 5, limit, verbose: true).Print();
}
if (which is "resnet" or "all")
{
    Console.WriteLine(ResNet.Summary);
    MnistCnnLesson.Residual(epochs ?? 3, limit, verbose: true).Print();
}

int? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
}

using MnistCnn;

// dotnet run -c Release --project samples/MnistCnn -- [lenet|wide|resnet|all] [--epochs N] [--limit N]
// Each run also writes mnist-output/{name}-curves.png and -confusion.png.
var options = new Samples.CommandLine(args);
var which = options.Word("lenet");
var epochs = options.Int("--epochs");
var limit = options.Int("--limit");

if (which is "lenet" or "all")
{
    Console.WriteLine(LeNet.Summary);
    MnistCnnLesson.LeNet(epochs ?? 3, limit, verbose: true).Report("mnist-output", "lenet");
}
if (which is "wide" or "all")
{
    Console.WriteLine(WideCnn.Summary);
    MnistCnnLesson.Wide(epochs ?? 5, limit, verbose: true).Report("mnist-output", "wide");
}
if (which is "resnet" or "all")
{
    Console.WriteLine(ResNet.Summary);
    MnistCnnLesson.Residual(epochs ?? 3, limit, verbose: true).Report("mnist-output", "resnet");
}

using System.Diagnostics;
using System.Globalization;
using AotInference;
using NnGen;

// Classifies the MNIST images of an IDX file with the weights built into this binary:
//   AotInference <images-idx3-ubyte> [<labels-idx1-ubyte>] [--show N]
if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
{
    Console.Error.WriteLine("usage: AotInference <images-idx3-ubyte> [<labels-idx1-ubyte>] [--show N]");
    return 2;
}

var network = new Digits();
using (var weights = typeof(Digits).Assembly.GetManifestResourceStream("digits.safetensors"))
{
    if (weights is null)
    {
        Console.Error.WriteLine("This binary was built without weights: publish it with -p:Weights=path/to/digits.safetensors.");
        return 2;
    }
    network.LoadSafetensors(weights);
}

var images = Idx.Read(args[0]);
if (images.Shape.Count != 3 || images.Shape[1] * images.Shape[2] != Digits.InputLength)
{
    Console.Error.WriteLine($"{args[0]}: expected images of 28×28 pixels, got shape ({string.Join(", ", images.Shape)}).");
    return 2;
}
var pixels = images.ToSingle();
System.Numerics.Tensors.TensorPrimitives.Divide(pixels, 255f, pixels);
var count = images.Shape[0];

var predictions = new int[count];
var output = new float[Digits.OutputLength];
for (var i = 0; i < count; i++)
{
    network.Predict(pixels.AsSpan(i * Digits.InputLength, Digits.InputLength), output);
    predictions[i] = System.Numerics.Tensors.TensorPrimitives.IndexOfMax(output);
    if (i == 0)
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first prediction {sinceStart.TotalMilliseconds:F1} ms after the process started"));
    }
}

var show = Array.IndexOf(args, "--show") is var at and >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 10;
Console.WriteLine($"predictions of the first {Math.Min(show, count)}: {string.Join(" ", predictions.Take(show))}");
if (args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal))
{
    var labels = Idx.Read(args[1]).ToInt32();
    if (labels.Length != count)
    {
        Console.Error.WriteLine($"{args[1]}: {labels.Length} labels for {count} images.");
        return 2;
    }
    var correct = predictions.Zip(labels).Count(p => p.First == p.Second);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {100.0 * correct / count:F2} % ({correct} of {count})"));
}
return 0;

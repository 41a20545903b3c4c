using UniversalApproximation;

Console.WriteLine("Universal approximation: one hidden layer of 32 tanh units fits sin x on [-π, π]");
Console.WriteLine(SineFit.Summary);
Console.WriteLine();
var result = UniversalApproximationLesson.Fit(verbose: true);
Console.WriteLine();
Console.WriteLine($"mean squared error on a 1001-point grid: {result.MeanSquaredError:E2}");
Console.WriteLine();
Console.WriteLine("   x       sin x    network");
Span<float> y = stackalloc float[1];
for (var i = 0; i <= 8; i++)
{
    var x = (float)(-Math.PI + Math.PI * i / 4);
    result.Network.Predict([x], y);
    Console.WriteLine($"{x,6:F3}  {Math.Sin(x),8:F4}  {y[0],8:F4}");
}

using HookesLaw;

Console.WriteLine("Hooke's law by gradient descent: F = k x + b, one linear neuron");
Console.WriteLine(Spring.Summary);
Console.WriteLine();
var data = HookesLawLesson.Measurements();
var fit = HookesLawLesson.Fit(data, verbose: true);
Console.WriteLine();
Console.WriteLine($"               k (N/cm)   b (N)");
Console.WriteLine($"true           {HookesLawLesson.TrueK,8:F4}   {HookesLawLesson.TrueB,6:F4}");
Console.WriteLine($"least squares  {fit.LeastSquaresK,8:F4}   {fit.LeastSquaresB,6:F4}");
Console.WriteLine($"network        {fit.K,8:F4}   {fit.B,6:F4}");

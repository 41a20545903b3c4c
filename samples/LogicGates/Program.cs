using LogicGates;

Console.WriteLine("Logic gates: one neuron for AND, OR and NOT; XOR needs a hidden layer");
Console.WriteLine();
foreach (var result in new[]
         {
             LogicGatesLesson.And(), LogicGatesLesson.Or(), LogicGatesLesson.Not(),
             LogicGatesLesson.XorWithOneNeuron(), LogicGatesLesson.XorWithHiddenLayer(),
         })
{
    Console.WriteLine($"{result.Gate}: accuracy {result.Accuracy:P0}");
    for (var i = 0; i < result.Targets.Length; i++)
        Console.WriteLine($"  {string.Join(" ", result.Inputs[i])}  →  {result.Outputs[i]:F3}  (want {result.Targets[i]})");
}
Console.WriteLine();
Console.WriteLine(Xor.Summary);
Console.WriteLine();
var solved = Enumerable.Range(0, 10).Count(seed => LogicGatesLesson.XorWithHiddenLayer(seed).Accuracy == 1.0);
Console.WriteLine($"XOR with a hidden layer trains to 100 % from {solved} of 10 seeds.");

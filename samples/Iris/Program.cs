using Iris;

Console.WriteLine("Fisher's iris: 150 flowers, 4 measurements, 3 species; a fifth held out for testing");
Console.WriteLine(IrisNet.Summary);
Console.WriteLine();
IrisLesson.Train(verbose: true).Report("iris-output", "iris");

var accuracies = IrisLesson.AccuracyOverSplits();
Console.WriteLine($"Test accuracy over {accuracies.Count} different held-out fifths: mean {accuracies.Average():P1}, lowest {accuracies.Min():P1}.");

using NnGen.Benchmarks;

// dotnet run -c Release --project tests/NnGen.Benchmarks -- quick          one line per case, under a minute
// dotnet run -c Release --project tests/NnGen.Benchmarks -- bdn [filter]   BenchmarkDotNet, in process
return args.FirstOrDefault() switch
{
    "quick" => QuickRunner.Run(),
    "bdn" => BdnRunner.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/NnGen.Benchmarks -- quick | bdn [filter]");
    return 2;
}

namespace NnGen.Tests.Support;

/// <summary>Tests that replace <see cref="Console.Out"/> run alone, so no other test writes into their capture.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

namespace NnGen.Generators.Model;

/// <summary>Where an attribute or declaration sits, as plain values so that pipeline models stay equatable.</summary>
internal sealed record LocationInfo(string Path, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public static LocationInfo None { get; } = new("", 0, 0, 0, 0, 0, 0);
}

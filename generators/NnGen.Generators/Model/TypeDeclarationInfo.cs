namespace NnGen.Generators.Model;

/// <summary>A type that contains the network class, to be re-opened as <c>partial {Keyword} {Name}</c>.</summary>
internal sealed record TypeDeclarationInfo(string Keyword, string Name);

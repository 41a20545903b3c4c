using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>
/// What Parse read from one network class: where it is declared and its layer attributes in source order, plus
/// the problems only Parse can see (a class that is not partial, layers on several declarations, unreadable
/// arguments). Holds no Roslyn symbol or syntax, so the incremental pipeline can cache it.
/// </summary>
internal sealed record NetworkSpec(
    string? Namespace,
    EquatableArray<TypeDeclarationInfo> ContainingTypes,
    string ClassName,
    string HintName,
    LocationInfo ClassLocation,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<DiagnosticInfo> Diagnostics);

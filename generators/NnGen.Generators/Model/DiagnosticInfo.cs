using Microsoft.CodeAnalysis;
using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>A diagnostic to report: its id (see <c>DiagnosticDescriptors</c>), whether it is an error, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, bool IsError, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo location, params string[] arguments) =>
        new(descriptor.Id, descriptor.DefaultSeverity == DiagnosticSeverity.Error, location, arguments.ToEquatableArray());
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Parsing;

/// <summary>
/// The only stage that touches Roslyn symbols: reads a network class's layer attributes, in source order, into a
/// <see cref="NetworkSpec"/> of plain values. It checks only what needs the syntax or the symbols; every shape and
/// ordering rule is Plan's.
/// </summary>
internal static class Parser
{
    public const string InputAttribute = "NnGen.InputAttribute";

    /// <summary>Every layer attribute except [Input], by metadata name.</summary>
    public static readonly ImmutableArray<string> LayerAttributes =
    [
        "NnGen.DenseAttribute", "NnGen.ActivationAttribute", "NnGen.DropoutAttribute", "NnGen.FlattenAttribute",
        "NnGen.LossAttribute", "NnGen.Conv2DAttribute", "NnGen.MaxPool2DAttribute", "NnGen.AvgPool2DAttribute",
        "NnGen.BatchNormAttribute", "NnGen.ResidualAttribute", "NnGen.EndResidualAttribute",
    ];

    /// <summary>
    /// Classes, and records too: [Input] is allowed on a record class, which cannot hold a network, so it must reach
    /// Parse to be reported (NNG0025) rather than be ignored without a word.
    /// </summary>
    public static bool IsClassDeclaration(SyntaxNode node, CancellationToken _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax;

    /// <summary>Reads the class that carries [Input].</summary>
    public static NetworkSpec? Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration
            || declaration.Identifier.IsMissing)
            return null;

        var diagnostics = new List<DiagnosticInfo>();
        if (declaration is RecordDeclarationSyntax || type.IsStatic)
        {
            var kind = declaration is RecordDeclarationSyntax record
                ? record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record"
                : "static class";
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotAClass, declaration.Identifier.GetLocation(), type.Name, kind));
            return Rejected(type, declaration, diagnostics);
        }

        var containingTypes = ReadContainingTypes(type, diagnostics, cancellationToken);
        if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            diagnostics.Add(Diagnose(DiagnosticDescriptors.NotPartial, declaration.Identifier.GetLocation(), type.Name, "class"));
        ReadClashingMembers(type, declaration, diagnostics, cancellationToken);

        var layers = new List<(int Position, LayerSpec Layer)>();
        foreach (var attribute in type.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var name = attribute.AttributeClass?.ToDisplayString();
            if (name is null || (name != InputAttribute && !LayerAttributes.Contains(name))) continue;
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax) continue;

            var location = syntax.GetLocation();
            if (syntax.SyntaxTree != declaration.SyntaxTree || !declaration.Span.Contains(syntax.Span))
            {
                diagnostics.Add(Diagnose(DiagnosticDescriptors.SplitDeclarations, location, ShortName(name), type.Name));
                continue;
            }

            var layer = ReadLayer(name, attribute, ToInfo(location), diagnostics);
            if (layer is not null) layers.Add((syntax.SpanStart, layer));
        }

        var ordered = layers.OrderBy(l => l.Position).Select(l => l.Layer).ToEquatableArray();
        var @namespace = type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString();
        var className = type.Name + TypeParameters(type);
        var hintName = string.Join(".", new[] { @namespace }.Concat(containingTypes.Select(t => t.Name)).Append(className)
            .Where(part => !string.IsNullOrEmpty(part))).Replace('<', '{').Replace('>', '}');

        return new NetworkSpec(@namespace, containingTypes, className, hintName,
            ToInfo(declaration.Identifier.GetLocation()), ordered, diagnostics.ToEquatableArray());
    }

    /// <summary>A spec that carries only <paramref name="diagnostics"/>: no layers, so Plan adds nothing and nothing is emitted.</summary>
    private static NetworkSpec Rejected(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics) =>
        new(null, EquatableArray<TypeDeclarationInfo>.Empty, type.Name, type.Name, ToInfo(declaration.Identifier.GetLocation()),
            EquatableArray<LayerSpec>.Empty, diagnostics.ToEquatableArray());

    /// <summary>NNG0026 for each member of the user's whose name the generated code declares too (see <see cref="GeneratedMembers"/>).</summary>
    private static void ReadClashingMembers(
        INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member.IsImplicitlyDeclared) continue;
            var location = member.Locations.FirstOrDefault(l => l.IsInSource) ?? declaration.Identifier.GetLocation();
            if (member is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } constructor)
            {
                // The generated constructor is (int seed = 0).
                if (constructor.Parameters.Length == 1 && constructor.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
                    diagnostics.Add(Diagnose(DiagnosticDescriptors.MemberNameTaken, location, type.Name, $"{type.Name}(int)"));
                continue;
            }

            if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary }) continue;
            if (GeneratedMembers.Clashes(member.Name, member is IMethodSymbol))
                diagnostics.Add(Diagnose(DiagnosticDescriptors.MemberNameTaken, location, type.Name, member.Name));
        }
    }

    /// <summary>For a class with layer attributes, the place to report that it lacks [Input]; null when it has one.</summary>
    public static DiagnosticInfo? ParseOrphan(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type) return null;
        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == InputAttribute)) return null;
        var first = context.Attributes.Select(a => a.ApplicationSyntaxReference?.GetSyntax(cancellationToken))
            .OfType<AttributeSyntax>().OrderBy(a => a.SpanStart).FirstOrDefault();
        var location = first?.GetLocation() ?? context.TargetNode.GetLocation();
        return Diagnose(DiagnosticDescriptors.MissingInput, location, type.Name);
    }

    private static EquatableArray<TypeDeclarationInfo> ReadContainingTypes(
        INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var chain = new List<TypeDeclarationInfo>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            var syntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (syntax is null) continue;
            var keyword = syntax switch
            {
                RecordDeclarationSyntax record => record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                _ => syntax.Keyword.ValueText,
            };
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                diagnostics.Add(Diagnose(DiagnosticDescriptors.NotPartial, syntax.Identifier.GetLocation(), outer.Name, keyword));
            chain.Insert(0, new TypeDeclarationInfo(keyword, outer.Name + TypeParameters(outer)));
        }
        return chain.ToEquatableArray();
    }

    private static LayerSpec? ReadLayer(string name, AttributeData attribute, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        var shortName = ShortName(name);
        var reader = new ArgumentReader(attribute, shortName, location, diagnostics);
        return name switch
        {
            InputAttribute => reader.Shape(out var shape) && reader.Enum<Precision>("Precision", Precision.Single, out var precision)
                ? new InputSpec(shape, precision, location) : null,
            "NnGen.DenseAttribute" => reader.Int(0, "units", "[Dense(16)]", out var units) ? new DenseSpec(units, location) : null,
            "NnGen.ActivationAttribute" => reader.Enum<Act>(0, out var function) && reader.Double("Alpha", 0.01, out var alpha)
                ? new ActivationSpec(function, alpha, location) : null,
            "NnGen.DropoutAttribute" => reader.Double(0, "rate", out var rate) ? new DropoutSpec(rate, location) : null,
            "NnGen.FlattenAttribute" => new FlattenSpec(location),
            "NnGen.LossAttribute" => reader.Enum<LossKind>(0, out var kind) ? new LossSpec(kind, location) : null,
            "NnGen.Conv2DAttribute" => reader.Int(0, "filters", "[Conv2D(8, kernel: 3)]", out var filters)
                && reader.Int(1, "kernel", "[Conv2D(8, kernel: 3)]", out var kernel)
                && reader.Int("Stride", 1, out var stride) && reader.Enum<Padding>("Padding", Padding.Valid, out var padding)
                && reader.Bool("Bias", true, out var bias)
                ? new Conv2DSpec(filters, kernel, stride, padding, bias, location) : null,
            "NnGen.MaxPool2DAttribute" or "NnGen.AvgPool2DAttribute" =>
                reader.Int(0, "size", $"[{shortName}(2)]", out var size) && reader.Int("Stride", 0, out var poolStride)
                ? new PoolSpec(name == "NnGen.MaxPool2DAttribute" ? PoolKind.Max : PoolKind.Average, size, poolStride, location) : null,
            "NnGen.BatchNormAttribute" => reader.Double("Momentum", 0.1, out var momentum) && reader.Double("Epsilon", 1e-5, out var epsilon)
                ? new BatchNormSpec(momentum, epsilon, location) : null,
            "NnGen.ResidualAttribute" => new ResidualSpec(location),
            "NnGen.EndResidualAttribute" => new EndResidualSpec(location),
            _ => null,
        };
    }

    private static string ShortName(string metadataName) =>
        metadataName.Substring("NnGen.".Length, metadataName.Length - "NnGen.".Length - "Attribute".Length);

    private static string TypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? "" : "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

    private static DiagnosticInfo Diagnose(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        DiagnosticInfo.Create(descriptor, ToInfo(location), arguments);


    internal static LocationInfo ToInfo(Location location)
    {
        var span = location.GetLineSpan();
        return new LocationInfo(span.Path ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character,
            span.EndLinePosition.Line, span.EndLinePosition.Character);
    }

    /// <summary>Reads constructor and named arguments, reporting NNG0010 for any it cannot read.</summary>
    private readonly struct ArgumentReader(AttributeData attribute, string attributeName, LocationInfo location, List<DiagnosticInfo> diagnostics)
    {
        public bool Shape(out EquatableArray<int> shape)
        {
            shape = EquatableArray<int>.Empty;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array, IsNull: false } array)
                return Fail("its shape", "[Input(784)] or [Input(1, 28, 28)]");
            var sizes = new List<int>();
            foreach (var value in array.Values)
            {
                if (value.Value is not int size) return Fail("its shape", "[Input(784)] or [Input(1, 28, 28)]");
                sizes.Add(size);
            }
            shape = sizes.ToEquatableArray();
            return true;
        }

        public bool Int(int position, string what, string example, out int value)
        {
            value = 0;
            if (attribute.ConstructorArguments.Length <= position || attribute.ConstructorArguments[position].Value is not int read)
                return Fail(what, example);
            value = read;
            return true;
        }

        public bool Int(string property, int defaultValue, out int value)
        {
            value = defaultValue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key != property) continue;
                if (named.Value.Value is not int read) return Fail(property, $"{property} = 2");
                value = read;
            }
            return true;
        }

        public bool Bool(string property, bool defaultValue, out bool value)
        {
            value = defaultValue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key != property) continue;
                if (named.Value.Value is not bool read) return Fail(property, $"{property} = false");
                value = read;
            }
            return true;
        }

        public bool Double(int position, string what, out double value)
        {
            value = 0;
            if (attribute.ConstructorArguments.Length <= position || !TryDouble(attribute.ConstructorArguments[position].Value, out value))
                return Fail(what, $"[{attributeName}(0.5)]");
            return true;
        }

        public bool Double(string property, double defaultValue, out double value)
        {
            value = defaultValue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key != property) continue;
                if (!TryDouble(named.Value.Value, out value)) return Fail(property, $"{property} = 0.01");
            }
            return true;
        }

        public bool Enum<TEnum>(int position, out TEnum value) where TEnum : struct, Enum
        {
            value = default;
            return attribute.ConstructorArguments.Length > position
                ? ToEnum(attribute.ConstructorArguments[position], typeof(TEnum).Name, out value)
                : Fail(typeof(TEnum).Name, Choices<TEnum>());
        }

        public bool Enum<TEnum>(string property, TEnum defaultValue, out TEnum value) where TEnum : struct, Enum
        {
            value = defaultValue;
            foreach (var named in attribute.NamedArguments)
                if (named.Key == property && !ToEnum(named.Value, property, out value)) return false;
            return true;
        }

        private bool ToEnum<TEnum>(TypedConstant constant, string what, out TEnum value) where TEnum : struct, Enum
        {
            value = default;
            if (constant.Kind != TypedConstantKind.Enum || constant.Value is not int number)
                return Fail(what, Choices<TEnum>());
            if (!System.Enum.IsDefined(typeof(TEnum), number))
                return Fail($"{typeof(TEnum).Name} value {number} is not one NnGen knows", Choices<TEnum>());
            value = (TEnum)(object)number;
            return true;
        }

        private static bool TryDouble(object? value, out double result)
        {
            switch (value)
            {
                case double d: result = d; return true;
                case float f: result = f; return true;
                case int i: result = i; return true;
                default: result = 0; return false;
            }
        }

        private static string Choices<TEnum>() where TEnum : struct, Enum =>
            "one of " + string.Join(", ", System.Enum.GetNames(typeof(TEnum)).Select(n => typeof(TEnum).Name + "." + n));

        private bool Fail(string what, string instead)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableArgument, location, attributeName, what, instead));
            return false;
        }
    }
}

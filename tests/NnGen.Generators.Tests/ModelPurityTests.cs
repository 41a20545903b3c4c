using System.Reflection;
using Microsoft.CodeAnalysis;
using NnGen.Generators.Model;

namespace NnGen.Generators.Tests;

/// <summary>Pipeline models hold plain values only: no symbol, syntax, semantic model, compilation or location.</summary>
public class ModelPurityTests
{
    private static readonly Type[] Forbidden =
        [typeof(ISymbol), typeof(SyntaxNode), typeof(SemanticModel), typeof(Compilation), typeof(Location), typeof(SyntaxTree)];

    private static IEnumerable<Type> Models() => typeof(NetworkSpec).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(NetworkSpec).Namespace && t.IsClass && !t.IsAbstract && t.GetMethod("<Clone>$") is not null);

    public static TheoryData<Type> ModelTypes() => new(Models());

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void ModelType_HoldsNoRoslynObjects(Type type)
    {
        foreach (var field in AllFields(type))
        {
            var fieldType = field.FieldType;
            Assert.False(Forbidden.Any(f => f.IsAssignableFrom(fieldType)), $"{type.Name}.{field.Name} is a {fieldType.Name}");
            foreach (var argument in fieldType.GetGenericArguments())
                Assert.False(Forbidden.Any(f => f.IsAssignableFrom(argument)), $"{type.Name}.{field.Name} holds {argument.Name}");
        }
    }

    [Fact]
    public void PipelineModels_AreAllCovered() =>
        Assert.Superset(new HashSet<string> { "NetworkSpec", "NetworkPlan", "DensePlan", "InputSpec", "DiagnosticInfo", "LocationInfo" },
            Models().Select(t => t.Name).ToHashSet());

    private static IEnumerable<FieldInfo> AllFields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                yield return field;
    }
}

using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>Flatten: NCHW samples are already contiguous vectors, so x and y are the same memory.</summary>
internal sealed class FlattenEmitter(FlattenPlan flatten, NumberType number) : LayerEmitter(flatten, number)
{
    protected override string Name => "Flatten";

    protected override string Kind => "Flatten";

    public override bool ForwardPassesThrough(bool training) => true;

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
    }
}

using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>
/// [Residual] passes its input through; in the backward pass it adds the gradient that skipped the block, g{End+1},
/// to the gradient that came through it.
/// </summary>
internal sealed class ResidualEmitter(ResidualPlan residual, NumberType number) : LayerEmitter(residual, number)
{
    protected override string Name => "Residual";

    protected override string Kind => "Residual";

    protected override string DescriptionProperties => $"Partner = {residual.EndIndex}";

    public override bool ForwardPassesThrough(bool training) => true;

    public override bool BackwardPassesThrough => false;

    public override string Backward(string x, string y, string gy, string gx, string work) =>
        $"{Primitive("Add")}({gy}, g{residual.EndIndex + 1}, {gx}); // layer {Index}, Residual: the block's gradient plus the skipped one";

    public override bool HasMethods => false;

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
    }
}

/// <summary>[EndResidual] adds the block's input x{Start} to its output; its gradient passes to both unchanged.</summary>
internal sealed class EndResidualEmitter(EndResidualPlan end, NumberType number) : LayerEmitter(end, number)
{
    protected override string Name => "EndResidual";

    protected override string Kind => "EndResidual";

    protected override string DescriptionProperties => $"Partner = {end.StartIndex}";

    public override bool BackwardPassesThrough => true;

    public override string Forward(string x, string y, string work, bool training) =>
        $"{Primitive("Add")}({x}, x{end.StartIndex}, {y}); // layer {Index}, EndResidual: y = x + the block's input";

    public override bool HasMethods => false;

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
    }
}

using System.Collections.Generic;
using NnGen.Generators.Helpers;
using NnGen.Generators.Model;

namespace NnGen.Generators.Emitting;

/// <summary>Inverted dropout: a mask of 0 or 1 / (1 − rate) in training, the identity in inference.</summary>
internal sealed class DropoutEmitter(DropoutPlan dropout, NumberType number) : LayerEmitter(dropout, number)
{
    protected override string Name => "Dropout";

    protected override string Kind => "Dropout";

    protected override string DescriptionProperties => $"Rate = {Shapes.Number(dropout.Rate)}";

    private string Mask => $"_mask{Index}";

    public override bool ForwardPassesThrough(bool training) => !training;

    public override IEnumerable<(string Field, int PerSample)> TrainingBuffers => [(Mask, dropout.OutputLength)];

    public override void EmitMethods(IndentedWriter writer, bool backward)
    {
        writer.Line($"{Header}, training: each value is kept with probability 1 − {Shapes.Number(dropout.Rate)} and scaled by 1 / (1 − {Shapes.Number(dropout.Rate)}).");
        using (writer.Block($"private void {ForwardMethod}(int n, {ReadOnlySpan} x, {Span} y)"))
        {
            writer.Line($"const int Length = {dropout.OutputLength};");
            writer.Line($"const double Rate = {Shapes.Number(dropout.Rate)};");
            writer.Line($"var mask = new {Span}({Mask}, 0, n * Length);");
            using (writer.Block("for (var i = 0; i < mask.Length; i++)"))
            {
                writer.Line($"mask[i] = _dropoutRng.NextDouble() < Rate ? {T.Literal(0)} : {T.Literal(1.0 / (1.0 - dropout.Rate))};");
                writer.Line("y[i] = x[i] * mask[i];");
            }
        }
        writer.Line();
        writer.Line($"{Header}, backward: gx = gy ⊙ mask.");
        using (writer.Block($"private void {BackwardMethod}(int n, {ReadOnlySpan} x, {ReadOnlySpan} y, {ReadOnlySpan} gy, {Span} gx)"))
        {
            writer.Line($"const int Length = {dropout.OutputLength};");
            writer.Line($"{Primitive("Multiply")}(gy.Slice(0, n * Length), new {Span}({Mask}, 0, n * Length), gx.Slice(0, n * Length));");
        }
    }
}

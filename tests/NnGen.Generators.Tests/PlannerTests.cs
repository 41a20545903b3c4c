using NnGen.Generators.Helpers;
using NnGen.Generators.Model;
using NnGen.Generators.Planning;

namespace NnGen.Generators.Tests;

using Act = NnGen.Generators.Model.Act;
using LossKind = NnGen.Generators.Model.LossKind;
using Precision = NnGen.Generators.Model.Precision;

/// <summary>Plan on its own: specs built by hand, no compilation.</summary>
public class PlannerTests
{
    private static readonly LocationInfo At = LocationInfo.None;

    private static NetworkSpec Spec(params LayerSpec[] layers) =>
        new(null, EquatableArray<TypeDeclarationInfo>.Empty, "Net", "Net", At, layers.ToEquatableArray(), EquatableArray<DiagnosticInfo>.Empty);

    [Fact]
    public void DenseStack_GetsShapesAndContiguousOffsets()
    {
        var plan = Planner.Plan(Spec(
            new InputSpec(EquatableArray.Create(784), Precision.Single, At),
            new DenseSpec(128, At), new ActivationSpec(Act.ReLU, 0.01, At),
            new DenseSpec(10, At), new ActivationSpec(Act.Softmax, 0.01, At),
            new LossSpec(LossKind.CrossEntropy, At)));

        Assert.False(plan.HasErrors);
        Assert.Equal(784, plan.InputLength);
        Assert.Equal(10, plan.OutputLength);
        Assert.Equal(784 * 128 + 128 + 128 * 10 + 10, plan.ParameterCount);
        var first = Assert.IsType<DensePlan>(plan.Layers[0]);
        var second = Assert.IsType<DensePlan>(plan.Layers[2]);
        Assert.Equal((0, 784 * 128), (first.WeightOffset, first.BiasOffset));
        Assert.Equal((784 * 128 + 128, 784 * 128 + 128 + 1280), (second.WeightOffset, second.BiasOffset));
        Assert.True(first.HeInit);
        Assert.False(second.HeInit);
        Assert.False(first.Unrolled);
        Assert.True(plan.FusedLoss);
        Assert.Equal([0, 1, 2, 3], plan.Layers.Select(l => l.Index));
    }

    [Fact]
    public void TinyDense_IsUnrolled()
    {
        var plan = Planner.Plan(Spec(new InputSpec(EquatableArray.Create(2), Precision.Double, At), new DenseSpec(4, At)));

        Assert.True(Assert.IsType<DensePlan>(plan.Layers[0]).Unrolled);
        Assert.Equal(Precision.Double, plan.Precision);
        Assert.Equal(LossKind.MeanSquaredError, plan.Loss);
        Assert.False(plan.FusedLoss);
    }

    [Fact]
    public void Flatten_TurnsImageIntoVector()
    {
        var plan = Planner.Plan(Spec(
            new InputSpec(EquatableArray.Create(3, 4, 5), Precision.Single, At), new FlattenSpec(At), new DenseSpec(2, At)));

        Assert.Equal([60], plan.Layers[0].OutputShape);
        Assert.Equal(60, Assert.IsType<DensePlan>(plan.Layers[1]).Inputs);
    }

    [Fact]
    public void SigmoidWithBinaryCrossEntropy_IsFused()
    {
        var plan = Planner.Plan(Spec(
            new InputSpec(EquatableArray.Create(2), Precision.Single, At), new DenseSpec(1, At),
            new ActivationSpec(Act.Sigmoid, 0.01, At), new LossSpec(LossKind.BinaryCrossEntropy, At)));

        Assert.True(plan.FusedLoss);
        Assert.Empty(plan.Diagnostics);
    }

    [Fact]
    public void DropoutAndActivations_KeepTheirShape()
    {
        var plan = Planner.Plan(Spec(
            new InputSpec(EquatableArray.Create(6), Precision.Single, At), new DropoutSpec(0.25, At),
            new ActivationSpec(Act.LeakyReLU, 0.2, At)));

        Assert.All(plan.Layers, l => Assert.Equal([6], l.OutputShape));
        Assert.Equal(0.2, Assert.IsType<ActivationPlan>(plan.Layers[1]).Alpha);
        Assert.Equal(0, plan.ParameterCount);
    }

    [Fact]
    public void BadLayer_StopsShapeInferenceWithOneError()
    {
        var plan = Planner.Plan(Spec(
            new InputSpec(EquatableArray.Create(2), Precision.Single, At), new DenseSpec(-3, At), new DenseSpec(0, At)));

        Assert.True(plan.HasErrors);
        Assert.Equal("NNG0003", Assert.Single(plan.Diagnostics).Id);
    }
}

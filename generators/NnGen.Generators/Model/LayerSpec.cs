using NnGen.Generators.Helpers;

namespace NnGen.Generators.Model;

/// <summary>One layer attribute as the user wrote it, in source order; Plan checks and sizes it.</summary>
internal abstract record LayerSpec(LocationInfo Location)
{
    /// <summary>The attribute's name as the user writes it, for messages.</summary>
    public abstract string AttributeName { get; }
}

/// <summary><c>[Input(shape…, Precision = …)]</c>.</summary>
internal sealed record InputSpec(EquatableArray<int> Shape, Precision Precision, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Input";
}

/// <summary><c>[Dense(units)]</c>.</summary>
internal sealed record DenseSpec(int Units, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Dense";
}

/// <summary><c>[Activation(function, Alpha = …)]</c>.</summary>
internal sealed record ActivationSpec(Act Function, double Alpha, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Activation";
}

/// <summary><c>[Dropout(rate)]</c>.</summary>
internal sealed record DropoutSpec(double Rate, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Dropout";
}

/// <summary><c>[Flatten]</c>.</summary>
internal sealed record FlattenSpec(LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Flatten";
}

/// <summary><c>[Loss(kind)]</c>.</summary>
internal sealed record LossSpec(LossKind Kind, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Loss";
}

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

/// <summary><c>[Conv2D(filters, kernel, Stride = …, Padding = …, Bias = …)]</c>.</summary>
internal sealed record Conv2DSpec(int Filters, int Kernel, int Stride, Padding Padding, bool Bias, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Conv2D";
}

/// <summary><c>[MaxPool2D(size, Stride = …)]</c> or <c>[AvgPool2D(size, Stride = …)]</c>; a stride of 0 means the size.</summary>
internal sealed record PoolSpec(PoolKind Kind, int Size, int Stride, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => Kind == PoolKind.Max ? "MaxPool2D" : "AvgPool2D";
}

/// <summary><c>[BatchNorm(Momentum = …, Epsilon = …)]</c>.</summary>
internal sealed record BatchNormSpec(double Momentum, double Epsilon, LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "BatchNorm";
}

/// <summary><c>[Residual]</c>: opens a skip connection.</summary>
internal sealed record ResidualSpec(LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "Residual";
}

/// <summary><c>[EndResidual]</c>: closes the innermost skip connection.</summary>
internal sealed record EndResidualSpec(LocationInfo Location) : LayerSpec(Location)
{
    public override string AttributeName => "EndResidual";
}

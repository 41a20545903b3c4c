namespace NnGen;

/// <summary>
/// What every <see cref="Dataset{T}"/> tells without its element type, so that non-generic settings such as
/// <see cref="FitOptions.Validation"/> can hold one.
/// </summary>
public interface IDataset
{
    /// <summary>The number of samples.</summary>
    int Count { get; }

    /// <summary>The values in one input sample.</summary>
    int InputLength { get; }

    /// <summary>The values in one target sample.</summary>
    int TargetLength { get; }

    /// <summary>The type of the values: float or double.</summary>
    Type ElementType { get; }
}

namespace NnGen;

/// <summary>
/// Where Fit is inside an epoch, sent after every mini-batch to a progress object that also implements
/// <see cref="IProgress{T}"/> of this type (a live bar, as <see cref="ConsoleProgress"/>). A struct, so reporting allocates nothing.
/// </summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="Step">The mini-batch just trained, from 1.</param>
/// <param name="Steps">The mini-batches per epoch.</param>
/// <param name="Loss">The mean training loss (with penalty) over the epoch's samples so far.</param>
public readonly record struct BatchReport(int Epoch, int Epochs, int Step, int Steps, double Loss);

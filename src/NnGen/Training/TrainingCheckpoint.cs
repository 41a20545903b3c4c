using System.Numerics;

namespace NnGen;

/// <summary>
/// Everything a Fit run needs to continue after an epoch, as <see cref="CheckpointFile"/> writes and reads it. The
/// arrays are copies: a checkpoint never aliases the network's or the optimizer's buffers.
/// </summary>
/// <param name="Network">The full type name of the network that wrote it.</param>
/// <param name="Parameters">(P) the network's parameters after <paramref name="Epoch"/>.</param>
/// <param name="Buffers">(S) its buffers (BatchNorm's running statistics); empty when it has none.</param>
/// <param name="DropoutRng">The state of the network's <see cref="INetwork{T}.DropoutRng"/>, or null when it has no Dropout.</param>
/// <param name="Optimizer">The optimizer's full type name.</param>
/// <param name="OptimizerSteps">Its <see cref="Optimizer.Steps"/>.</param>
/// <param name="LearningRate">Its <see cref="Optimizer.LearningRate"/>.</param>
/// <param name="OptimizerState">Its state buffers, each (P); none before its first step.</param>
/// <param name="Epoch">The epoch just finished, from 1.</param>
/// <param name="ShuffleRng">The state of Fit's shuffle generator after that epoch.</param>
/// <param name="History">The report of every epoch so far, Epoch reports in all.</param>
/// <param name="Best">The lowest monitored loss so far (+∞ before any improvement).</param>
/// <param name="BestEpoch">The epoch that reached it, 0 for none.</param>
/// <param name="EpochsWithoutImprovement">Epochs since the last improvement, as early stopping counts them.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run after <paramref name="Epoch"/>.</param>
/// <param name="BestParameters">(P) the parameters after <paramref name="BestEpoch"/>, kept for RestoreBestWeights; null otherwise.</param>
/// <param name="BestBuffers">(S) the buffers after <paramref name="BestEpoch"/>, with <paramref name="BestParameters"/>.</param>
internal sealed record TrainingCheckpoint<T>(
    string Network,
    T[] Parameters,
    T[] Buffers,
    ulong[]? DropoutRng,
    string Optimizer,
    long OptimizerSteps,
    double LearningRate,
    T[][] OptimizerState,
    int Epoch,
    ulong[] ShuffleRng,
    EpochReport[] History,
    double Best,
    int BestEpoch,
    int EpochsWithoutImprovement,
    bool StoppedEarly,
    T[]? BestParameters,
    T[]? BestBuffers)
    where T : unmanaged, IFloatingPointIeee754<T>;

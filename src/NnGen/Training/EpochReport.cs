using System.Globalization;

namespace NnGen;

/// <summary>What one epoch of Fit achieved.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The number of epochs asked for.</param>
/// <param name="TrainLoss">
/// The mean over the epoch's samples of the training loss each mini-batch had when it was trained on (weights
/// changing during the epoch, training mode), plus the regularization penalty.
/// </param>
/// <param name="TrainAccuracy">
/// The fraction of the epoch's samples classified correctly by the outputs they had when they were trained on (weights
/// changing during the epoch, training mode: Keras's running accuracy), or null when accuracy does not apply
/// (regression).
/// </param>
/// <param name="ValidationLoss">The mean loss on the validation set at the end of the epoch, without penalty; null without a validation set.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation set; null without a validation set or when accuracy does not apply.</param>
/// <param name="Elapsed">The time the epoch took, evaluation included.</param>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValidationLoss,
    double? ValidationAccuracy,
    TimeSpan Elapsed)
{
    /// <summary>
    /// One line: <c>epoch  3/10  loss 0.1234  acc 97.12%  val_loss 0.1300  val_acc 96.80%  1.2 s</c>, leaving out what is null.
    /// </summary>
    public override string ToString()
    {
        var width = Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var line = $"epoch {Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{Epochs}  loss {FormatLoss(TrainLoss)}";
        if (TrainAccuracy is { } accuracy) line += $"  acc {FormatPercent(accuracy)}";
        if (ValidationLoss is { } validationLoss) line += $"  val_loss {FormatLoss(validationLoss)}";
        if (ValidationAccuracy is { } validationAccuracy) line += $"  val_acc {FormatPercent(validationAccuracy)}";
        return line + "  " + FormatDuration(Elapsed);
    }

    /// <summary>Four decimals, or three significant digits in scientific notation for losses a fit drives far below 10⁻³.</summary>
    internal static string FormatLoss(double loss) =>
        loss == 0 || (Math.Abs(loss) >= 1e-3 && Math.Abs(loss) < 1e5) || !double.IsFinite(loss)
            ? loss.ToString("0.0000", CultureInfo.InvariantCulture)
            : loss.ToString("0.000e+00", CultureInfo.InvariantCulture);

    private static string FormatPercent(double fraction) => (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string FormatDuration(TimeSpan elapsed) =>
        elapsed.TotalSeconds >= 1
            ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : elapsed.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}

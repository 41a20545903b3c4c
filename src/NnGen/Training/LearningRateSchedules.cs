namespace NnGen;

/// <summary>Learning-rate schedules for <see cref="FitOptions.LearningRateSchedule"/>: epoch (from 1) → learning rate.</summary>
public static class LearningRateSchedules
{
    /// <summary>η(epoch) = η₀ · factor^(epoch − 1): the rate shrinks by <paramref name="factor"/> every epoch.</summary>
    public static Func<int, double> Exponential(double initial, double factor)
    {
        Check(initial, factor);
        return epoch => initial * Math.Pow(factor, epoch - 1);
    }

    /// <summary>η(epoch) = η₀ · factor^⌊(epoch − 1) / every⌋: the rate drops by <paramref name="factor"/> every <paramref name="every"/> epochs.</summary>
    public static Func<int, double> Step(double initial, double factor, int every)
    {
        Check(initial, factor);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return epoch => initial * Math.Pow(factor, (epoch - 1) / every);
    }

    private static void Check(double initial, double factor)
    {
        if (!(initial >= 0 && double.IsFinite(initial)))
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The initial learning rate must be finite and at least 0.");
        if (!(factor > 0 && factor <= 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The factor must lie in (0, 1].");
    }
}

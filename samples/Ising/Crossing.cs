namespace Ising;

/// <summary>Where a sampled curve crosses a level, by linear interpolation between neighbouring points.</summary>
public static class Crossing
{
    /// <summary>
    /// The first x, scanning from the smallest, at which <paramref name="ys"/> falls from at or above
    /// <paramref name="level"/> to below it; null when it never does.
    /// </summary>
    public static double? Downward(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double level)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"{xs.Count} x values but {ys.Count} y values.", nameof(ys));
        for (var i = 0; i + 1 < xs.Count; i++)
        {
            if (!(ys[i] >= level && ys[i + 1] < level)) continue;
            return xs[i] + (xs[i + 1] - xs[i]) * (ys[i] - level) / (ys[i] - ys[i + 1]);
        }
        return null;
    }

    /// <summary>The first crossing of <paramref name="level"/> in either direction; null when there is none.</summary>
    public static double? Any(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double level)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"{xs.Count} x values but {ys.Count} y values.", nameof(ys));
        for (var i = 0; i + 1 < xs.Count; i++)
        {
            if ((ys[i] - level) * (ys[i + 1] - level) > 0 || ys[i] == ys[i + 1]) continue;
            return xs[i] + (xs[i + 1] - xs[i]) * (level - ys[i]) / (ys[i + 1] - ys[i]);
        }
        return null;
    }
}

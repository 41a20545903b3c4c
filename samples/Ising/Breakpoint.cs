namespace Ising;

/// <summary>Where a curve changes slope: the breakpoint of a continuous two-segment (hinge) least-squares fit.</summary>
public static class Breakpoint
{
    /// <summary>
    /// Fits y ≈ a + b (x − k) + c max(x − k, 0) for every breakpoint k on a 0.01 grid that leaves at least three points
    /// on each side, and returns the k with the smallest squared error.
    /// </summary>
    public static double Fit(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        if (xs.Count != ys.Count) throw new ArgumentException($"{xs.Count} x values but {ys.Count} y values.", nameof(ys));
        if (xs.Count < 6) throw new ArgumentException($"A two-segment fit needs at least 6 points, got {xs.Count}.", nameof(xs));
        var (best, bestError) = (double.NaN, double.PositiveInfinity);
        for (var k = Math.Ceiling(xs[2] * 100) / 100; k <= xs[^3]; k += 0.01)
        {
            var error = SquaredError(xs, ys, k);
            if (error < bestError) (best, bestError) = (k, error);
        }
        return best;
    }

    /// <summary>The residual of the least-squares fit with basis 1, x − k, max(x − k, 0) (normal equations, 3×3).</summary>
    private static double SquaredError(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double k)
    {
        var normal = new double[3, 3];
        var right = new double[3];
        for (var i = 0; i < xs.Count; i++)
        {
            Span<double> basis = [1, xs[i] - k, Math.Max(xs[i] - k, 0)];
            for (var r = 0; r < 3; r++)
            {
                right[r] += basis[r] * ys[i];
                for (var c = 0; c < 3; c++) normal[r, c] += basis[r] * basis[c];
            }
        }
        var coefficients = Solve(normal, right);
        var error = 0.0;
        for (var i = 0; i < xs.Count; i++)
        {
            var fit = coefficients[0] + coefficients[1] * (xs[i] - k) + coefficients[2] * Math.Max(xs[i] - k, 0);
            error += (ys[i] - fit) * (ys[i] - fit);
        }
        return error;
    }

    /// <summary>Gaussian elimination with partial pivoting for the 3×3 normal equations.</summary>
    private static double[] Solve(double[,] a, double[] b)
    {
        const int N = 3;
        for (var col = 0; col < N; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < N; row++)
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col])) pivot = row;
            for (var c = 0; c < N; c++) (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var row = col + 1; row < N; row++)
            {
                var factor = a[row, col] / a[col, col];
                for (var c = col; c < N; c++) a[row, c] -= factor * a[col, c];
                b[row] -= factor * b[col];
            }
        }
        var x = new double[N];
        for (var row = N - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var c = row + 1; c < N; c++) sum -= a[row, c] * x[c];
            x[row] = sum / a[row, row];
        }
        return x;
    }
}

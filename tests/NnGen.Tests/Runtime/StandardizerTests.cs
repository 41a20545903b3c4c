namespace NnGen.Tests.Runtime;

public sealed class StandardizerTests
{
    // Feature 0: 1, 2, 3, 6 (mean 3, population σ = √3.5); feature 1: constant 5.
    private static readonly Dataset<double> Train = new([1, 5, 2, 5, 3, 5, 6, 5], [0, 0, 0, 0], 2, 1);

    [Fact]
    public void Fit_MeasuresMeanAndPopulationStdPerFeature_ConstantFeatureKeepsStdOne()
    {
        var standardizer = Standardizer.Fit(Train);
        Assert.Equal([3.0, 5.0], standardizer.Mean);
        Assert.Equal(Math.Sqrt((4 + 1 + 0 + 9) / 4.0), standardizer.Std[0], 1e-15);
        Assert.Equal(1.0, standardizer.Std[1]);
    }

    [Fact]
    public void Transform_AppliesTrainingStatisticsToAnySet()
    {
        var standardizer = Standardizer.Fit(Train);
        var trained = standardizer.Transform(Train);
        var column = Enumerable.Range(0, 4).Select(i => trained.Input(i)[0]).ToArray();
        Assert.Equal(0, column.Average(), 1e-15);
        Assert.Equal(1, Math.Sqrt(column.Select(v => v * v).Average()), 1e-15);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0.0, trained.Input(i)[1]));

        var test = standardizer.Transform(new Dataset<double>([10, 7], [1], 2, 1));
        Assert.Equal((10 - 3) / Math.Sqrt(3.5), test.Input(0)[0], 1e-14);
        Assert.Equal(2.0, test.Input(0)[1]);
        Assert.Equal([1.0], test.Targets.ToArray());
    }

    [Fact]
    public void Transform_OfOtherFeatureCount_Throws()
    {
        var standardizer = Standardizer.Fit(Train);
        Assert.Throws<ArgumentException>(() => standardizer.Transform(new Dataset<double>([1, 2, 3, 4], [0], 4, 1)));
    }
}

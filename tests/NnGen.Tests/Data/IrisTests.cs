namespace NnGen.Tests.Data;

public sealed class IrisTests
{
    /// <summary>Per-species means (cm) of Fisher's data: sepal length, sepal width, petal length, petal width.</summary>
    public static TheoryData<int, double[]> Means => new()
    {
        { 0, [5.006, 3.428, 1.462, 0.246] },
        { 1, [5.936, 2.770, 4.260, 1.326] },
        { 2, [6.588, 2.974, 5.552, 2.026] },
    };

    /// <summary>Per-species sample standard deviations (n − 1), as R's <c>aggregate(. ~ Species, iris, sd)</c> prints them.</summary>
    public static TheoryData<int, double[]> StandardDeviations => new()
    {
        { 0, [0.3525, 0.3791, 0.1737, 0.1054] },
        { 1, [0.5162, 0.3138, 0.4699, 0.1978] },
        { 2, [0.6359, 0.3225, 0.5519, 0.2747] },
    };

    private static double[][] FeaturesOf(LabeledDataset<double> iris, int species)
    {
        var rows = new List<double[]>();
        for (var i = 0; i < iris.Count; i++)
        {
            if (iris.Labels[i] == species) rows.Add(iris.Dataset.Input(i).ToArray());
        }

        return rows.ToArray();
    }

    [Fact]
    public void Has150Flowers_50PerSpecies_FourFeatures_OneHotTargets()
    {
        var iris = Iris.Load<double>();
        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.Dataset.InputLength);
        Assert.Equal(3, iris.Dataset.TargetLength);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal(["sepal length", "sepal width", "petal length", "petal width"], iris.FeatureNames);
        for (var species = 0; species < 3; species++) Assert.Equal(50, FeaturesOf(iris, species).Length);
        for (var i = 0; i < iris.Count; i++)
        {
            Assert.Equal(i / 50, iris.Labels[i]); // classic order
            Assert.Equal(1.0, iris.Dataset.Target(i)[iris.Labels[i]]);
            Assert.Equal(1.0, iris.Dataset.Target(i).ToArray().Sum());
        }

        Assert.Equal([5.1, 3.5, 1.4, 0.2], iris.Dataset.Input(0).ToArray());
        Assert.Equal([5.9, 3.0, 5.1, 1.8], iris.Dataset.Input(149).ToArray());
    }

    [Theory]
    [MemberData(nameof(Means))]
    public void SpeciesMeans_AreFishers(int species, double[] expected)
    {
        var rows = FeaturesOf(Iris.Load<double>(), species);
        for (var f = 0; f < 4; f++) Assert.Equal(expected[f], rows.Average(row => row[f]), 3);
    }

    [Theory]
    [MemberData(nameof(StandardDeviations))]
    public void SpeciesStandardDeviations_AreFishers(int species, double[] expected)
    {
        var rows = FeaturesOf(Iris.Load<double>(), species);
        for (var f = 0; f < 4; f++)
        {
            var mean = rows.Average(row => row[f]);
            var sd = Math.Sqrt(rows.Sum(row => (row[f] - mean) * (row[f] - mean)) / (rows.Length - 1));
            Assert.Equal(expected[f], sd, 4);
        }
    }

    [Fact]
    public void FishersCorrections_NotUciErrors_InSetosa35And38()
    {
        var iris = Iris.Load<double>();
        Assert.Equal([4.9, 3.1, 1.5, 0.2], iris.Dataset.Input(34).ToArray());
        Assert.Equal([4.9, 3.6, 1.4, 0.1], iris.Dataset.Input(37).ToArray());
    }

    [Fact]
    public void FloatLoad_MatchesDoubleLoad()
    {
        var single = Iris.Load<float>();
        var dbl = Iris.Load<double>();
        Assert.Equal(dbl.Dataset.Inputs.ToArray().Select(v => (float)v), single.Dataset.Inputs.ToArray());
        Assert.Equal(dbl.Labels.ToArray(), single.Labels.ToArray());
    }

    [Fact]
    public void Csv_HasTheNamedColumns()
    {
        var table = Iris.ReadCsv();
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"], table.Header);
        Assert.Equal(150, table.RowCount);
        Assert.Equal("virginica", table[149, 4]);
    }

    [Fact]
    public void Split_KeepsSpeciesWithTheirFlowers()
    {
        var (train, test) = Iris.Load<double>().Split(0.2, seed: 1);
        Assert.Equal(120, train.Count);
        Assert.Equal(30, test.Count);
        for (var i = 0; i < test.Count; i++) Assert.Equal(1.0, test.Dataset.Target(i)[test.Labels[i]]);
    }
}

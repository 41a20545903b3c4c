using System.Numerics;

namespace NnGen;

/// <summary>
/// Fisher's Iris flowers (R. A. Fisher, 1936, measured by E. Anderson): 150 flowers, 50 of each of three species,
/// each with four measurements in cm. The data ships inside NnGen (public domain), so it needs no download.
/// </summary>
/// <remarks>
/// The values are those of Fisher's paper, as in R's <c>iris</c> and scikit-learn: they differ from the UCI
/// repository's <c>iris.data</c> in two setosa flowers (rows 35 and 38), which that file has wrong. Per-species means:
/// setosa 5.006 3.428 1.462 0.246, versicolor 5.936 2.770 4.260 1.326, virginica 6.588 2.974 5.552 2.026.
/// Rows are in the classic order: 50 setosa, then 50 versicolor, then 50 virginica; shuffle or split before training.
/// </remarks>
public static class Iris
{
    /// <summary>The number of flowers.</summary>
    public const int Count = 150;

    /// <summary>The measurements per flower, the input length.</summary>
    public const int FeatureCount = 4;

    /// <summary>The number of species, the target length.</summary>
    public const int Classes = 3;

    /// <summary>The name under which the CSV is embedded in the NnGen assembly.</summary>
    internal const string ResourceName = "NnGen.Data.iris.csv";

    /// <summary>The four measurements, in input order (cm).</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = Array.AsReadOnly(["sepal length", "sepal width", "petal length", "petal width"]);

    /// <summary>The three species, in label order: 0 setosa, 1 versicolor, 2 virginica.</summary>
    public static IReadOnlyList<string> SpeciesNames { get; } = Array.AsReadOnly(["setosa", "versicolor", "virginica"]);

    /// <summary>The data as a CSV table: columns sepal_length, sepal_width, petal_length, petal_width (cm) and species.</summary>
    public static CsvTable ReadCsv()
    {
        using var stream = typeof(Iris).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The NnGen assembly lacks its embedded resource '{ResourceName}'; it was built without Data/iris.csv.");
        using var reader = new StreamReader(stream);
        return Csv.Read(reader);
    }

    /// <summary>
    /// The 150 flowers: inputs are the four measurements in cm, unscaled (standardize them with
    /// <see cref="Standardizer"/> fitted on the training part), targets the one-hot species.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>The dataset, the species label of each flower, <see cref="SpeciesNames"/> and <see cref="FeatureNames"/>.</returns>
    public static LabeledDataset<T> Load<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var table = ReadCsv();
        var inputs = table.ParseColumns<T>(0, 1, 2, 3);
        var species = table.ColumnIndex("species");
        var labels = new int[table.RowCount];
        for (var r = 0; r < labels.Length; r++)
        {
            var name = table[r, species];
            labels[r] = IndexOf(SpeciesNames, name);
            if (labels[r] < 0)
                throw new InvalidDataException($"Iris row {r} (line {table.LineOf(r)}) has species '{name}'; expected one of {string.Join(", ", SpeciesNames)}.");
        }

        var dataset = Dataset<T>.FromLabels(inputs, FeatureCount, labels, Classes);
        return new LabeledDataset<T>(dataset, labels, SpeciesNames, FeatureNames);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name) return i;
        }

        return -1;
    }
}

namespace NnGen.Generators.Tests;

/// <summary>The generator reads attribute enums as numbers through its own mirrors of the runtime's enums; they must agree.</summary>
public class EnumMirrorTests
{
    [Theory]
    [InlineData(typeof(NnGen.Act), typeof(Model.Act))]
    [InlineData(typeof(NnGen.LossKind), typeof(Model.LossKind))]
    [InlineData(typeof(NnGen.Precision), typeof(Model.Precision))]
    public void GeneratorMirror_HasTheRuntimeEnumsNamesAndValues(Type runtime, Type mirror)
    {
        var expected = Enum.GetNames(runtime).Select(n => (n, Convert.ToInt32(Enum.Parse(runtime, n), null)));
        var actual = Enum.GetNames(mirror).Select(n => (n, Convert.ToInt32(Enum.Parse(mirror, n), null)));

        Assert.Equal(expected, actual);
    }
}

namespace NnGen.Generators.Tests.Support;

/// <summary>Source with one span marked <c>[|like this|]</c>: where a diagnostic must point.</summary>
internal static class Markup
{
    public static (string Source, string Marked) Parse(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the test source needs one [|marked|] span");
        return (markup.Remove(end, 2).Remove(start, 2), markup.Substring(start + 2, end - start - 2));
    }
}

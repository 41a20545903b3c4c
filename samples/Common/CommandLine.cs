using System.Globalization;

namespace Samples;

/// <summary>The samples' few command-line options: <c>--name value</c> pairs and one bare word.</summary>
public sealed class CommandLine(string[] args)
{
    /// <summary>The first argument that is not an option, or <paramref name="fallback"/>.</summary>
    public string Word(string fallback) => args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? fallback;

    /// <summary>The value after <paramref name="name"/>, or null when it is absent.</summary>
    public string? Value(string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The whole number after <paramref name="name"/>, or null when it is absent.</summary>
    public int? Int(string name) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;
}

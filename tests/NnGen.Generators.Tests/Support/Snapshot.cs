using System.Runtime.CompilerServices;

namespace NnGen.Generators.Tests.Support;

/// <summary>
/// Approval of generated code: compares text with <c>Snapshots/{name}.approved.cs</c>. On a difference it writes
/// <c>{name}.received.cs</c> beside it and fails; setting NNGEN_ACCEPT_SNAPSHOTS=1 accepts the received text instead.
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "NNGEN_ACCEPT_SNAPSHOTS";

    public static void Match(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        Directory.CreateDirectory(folder);
        var approved = Path.Combine(folder, name + ".approved.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(approved, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(approved) ? File.ReadAllText(approved).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No approved snapshot {approved}; review {received} and accept it with {AcceptVariable}=1."
            : $"Generated code differs from {approved} at line {FirstDifference(expected, actual)}; review {received}, and accept it with {AcceptVariable}=1.");
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            if (a[i] != b[i]) return i + 1;
        return Math.Min(a.Length, b.Length) + 1;
    }
}

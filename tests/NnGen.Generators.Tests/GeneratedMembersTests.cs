using System.Text.RegularExpressions;
using NnGen.Generators.Parsing;

namespace NnGen.Generators.Tests;

/// <summary>NNG0026 knows every name the emitters declare: checked against the approved snapshots.</summary>
public class GeneratedMembersTests
{
    /// <summary>A member declaration at class level: modifiers, a type, then the name before '(', '=', ';' or '{'.</summary>
    private static readonly Regex Member = new(
        @"^    (?:public|private|internal|protected)\b[^(=;{]*?\b(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?<kind>\(|=>|=|;|\{)", RegexOptions.Multiline);

    [Fact]
    public void EveryMemberTheSnapshotsDeclare_IsAReservedName()
    {
        var folder = Path.Combine(SnapshotFolder(), "Snapshots");
        var files = Directory.GetFiles(folder, "*.approved.cs");
        Assert.NotEmpty(files);
        var checkedNames = 0;
        foreach (var file in files)
        {
            var className = Path.GetFileName(file).Split('.')[0];
            foreach (Match match in Member.Matches(File.ReadAllText(file)))
            {
                var name = match.Groups["name"].Value;
                if (name == className) continue; // the constructor
                var isMethod = match.Groups["kind"].Value == "(";
                Assert.True(isMethod ? GeneratedMembers.IsMethod(name) : GeneratedMembers.IsValue(name),
                    $"{Path.GetFileName(file)} declares {(isMethod ? "method" : "member")} '{name}', which GeneratedMembers does not list; add it so that NNG0026 reports user members of that name.");
                checkedNames++;
            }
        }

        Assert.True(checkedNames > 50, $"only {checkedNames} declarations found; the pattern no longer matches the emitted code");
    }

    [Theory]
    [InlineData("Predict", true, false)]
    [InlineData("Predict", false, true)]
    [InlineData("Layers", true, true)]
    [InlineData("W12", false, true)]
    [InlineData("_x3", false, true)]
    [InlineData("Dense0Forward", false, true)]
    [InlineData("Dense0Forward", true, false)]
    [InlineData("Conv2D0BackwardShard", false, true)]
    [InlineData("TrainingOutputs", true, true)]
    [InlineData("Weights", false, false)]
    [InlineData("Width", false, false)]
    public void Clashes_FollowsCSharpsRules(string name, bool userMemberIsMethod, bool clashes) =>
        Assert.Equal(clashes, GeneratedMembers.Clashes(name, userMemberIsMethod));

    private static string SnapshotFolder([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}

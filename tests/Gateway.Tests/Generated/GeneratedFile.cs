using Platform.Testing;

namespace Gateway.Tests.Generated;

/// <summary>
/// A committed file made from the platform's sources (the service table, the services' endpoints): the test
/// fails when the file is not what its sources make today. PLATFORM_UPDATE_GENERATED=1 writes it instead.
/// </summary>
public static class GeneratedFile
{
    public const string UpdateVariable = "PLATFORM_UPDATE_GENERATED";
    public const string HowToUpdate = "PLATFORM_UPDATE_GENERATED=1 ./platform test --filter GeneratedFilesTests";

    public static void AssertCurrent(string relativePath, string generated)
    {
        var file = Path.Combine(RepoPaths.Root, relativePath);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1") File.WriteAllText(file, generated);
        Assert.True(File.Exists(file), $"{relativePath} is missing: {HowToUpdate} writes it.");
        var committed = File.ReadAllText(file);
        Assert.True(generated == committed,
            $"{relativePath} is not what its sources make (first difference at line {FirstDifferentLine(generated, committed)}): {HowToUpdate}, then review and commit.");
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var (left, right) = (a.Split('\n'), b.Split('\n'));
        var i = 0;
        while (i < left.Length && i < right.Length && left[i] == right[i]) i++;
        return i + 1;
    }
}

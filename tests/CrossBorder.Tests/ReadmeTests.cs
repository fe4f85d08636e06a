using Platform.Testing;

namespace CrossBorder.Tests;

/// <summary>The receiver guide in README.md is the code the webhook tests compile and run.</summary>
public class ReadmeTests
{
    [Fact]
    public void The_readme_shows_the_receiver_guide_exactly()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests/CrossBorder.Tests/ReceiverGuide.cs"))
            .Split("// --- guide begins ---\n")[1].Split("// --- guide ends ---")[0].TrimEnd() + "\n";
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        Assert.Contains("```csharp\n" + guide + "```", readme);
    }
}

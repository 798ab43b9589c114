namespace TutorBot.Tests.Hosting;

/// <summary>
/// Features depend on the core folders (protocol, turn dispatch, delivery, cards, storage), never the other way: a core
/// folder that names a feature is a two-way dependency. Read from the sources, where a using or a qualified name shows it.
/// </summary>
[TestClass]
public sealed class LayeringTests
{
    private static readonly string[] CoreFolders = ["Protocol", "Conversation", "Delivery", "Cards", "Calendar", "Storage", "Privacy", "Hosting", "Resources"];

    [TestMethod]
    public void NoCoreFolderNamesAFeature()
    {
        var bot = Path.Combine(RepoRoot(), "bot");
        var offenders = CoreFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(bot, folder), "*.cs", SearchOption.AllDirectories))
            .Where(file => File.ReadLines(file).Any(line => line.Contains("TutorBot.Features", StringComparison.Ordinal)))
            .Select(file => Path.GetRelativePath(bot, file))
            .ToList();

        Assert.AreEqual(0, offenders.Count, "core files that depend on a feature: " + string.Join(", ", offenders));
    }

    [TestMethod]
    public void TheScanSeesTheCoreFolders()
    {
        // Guards the test above against passing because it read nothing.
        var bot = Path.Combine(RepoRoot(), "bot");
        foreach (var folder in CoreFolders)
        {
            Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(bot, folder), "*.cs", SearchOption.AllDirectories).Any(), folder);
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TutorBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TutorBot.sln not found above the test binaries");
    }
}

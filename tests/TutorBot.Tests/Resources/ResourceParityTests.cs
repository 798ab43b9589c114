using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using TutorBot.Resources;

namespace TutorBot.Tests.Resources;

/// <summary>Every resx of the bot, present and future, has an English twin with the same keys and placeholders.</summary>
[TestClass]
public sealed partial class ResourceParityTests
{
    [TestMethod]
    public void EveryResxHasAnEnglishTwinWithTheSameKeysAndPlaceholders()
    {
        var assembly = typeof(Strings).Assembly;
        var baseNames = assembly.GetManifestResourceNames()
            .Where(n => n.EndsWith(".resources", StringComparison.Ordinal))
            .Select(n => n[..^".resources".Length])
            .ToList();
        Assert.IsTrue(baseNames.Count >= 3, "the bot's resx files are embedded: " + string.Join(", ", baseNames));

        foreach (var baseName in baseNames)
        {
            var manager = new ResourceManager(baseName, assembly);
            var french = Read(manager, CultureInfo.InvariantCulture);
            var english = Read(manager, CultureInfo.GetCultureInfo("en"));
            Assert.IsNotNull(english, $"{baseName} has no English twin (.en.resx)");
            CollectionAssert.AreEquivalent(french!.Keys.ToList(), english.Keys.ToList(), baseName);
            foreach (var (key, fr) in french)
            {
                CollectionAssert.AreEqual(Placeholders(fr), Placeholders(english[key]), $"{baseName}:{key}");
            }
        }
    }

    [TestMethod]
    public void NoFrenchTextIsRepeatedAcrossResxFiles()
    {
        var assembly = typeof(Strings).Assembly;
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        foreach (var baseName in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".resources", StringComparison.Ordinal)).Select(n => n[..^".resources".Length]))
        {
            foreach (var (key, text) in Read(new ResourceManager(baseName, assembly), CultureInfo.InvariantCulture)!)
            {
                if (owners.TryGetValue(text, out var owner) && !owner.StartsWith(baseName + ":", StringComparison.Ordinal))
                {
                    repeated.Add($"'{text}' in {owner} and {baseName}:{key}");
                }

                owners.TryAdd(text, baseName + ":" + key);
            }
        }

        Assert.IsEmpty(repeated, "a word shared by features belongs in Resources/Strings.resx once:\n" + string.Join("\n", repeated));
    }

    private static Dictionary<string, string>? Read(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, true, false)?.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static List<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order()];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}

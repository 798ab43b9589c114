namespace TutorBot.Features.Pairing;

/// <summary>Marker for <c>IStringLocalizer&lt;PairingStrings&gt;</c>: PairingStrings.resx is French, PairingStrings.en.resx English.</summary>
public sealed class PairingStrings;

/// <summary>The API's texts, by the caller's Accept-Language (French unless English comes first).</summary>
public static class PairingTexts
{
    public static readonly System.Resources.ResourceManager Manager = new("TutorBot.Features.Pairing.PairingStrings", typeof(PairingStrings).Assembly);

    public static string Get(string key, HttpRequest request) => Manager.GetString(key, Roster.RosterStrings.CultureOf(request)) ?? key;
}

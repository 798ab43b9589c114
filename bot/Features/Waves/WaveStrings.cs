using System.Globalization;

namespace TutorBot.Features.Waves;

/// <summary>Marker for <c>IStringLocalizer&lt;WaveStrings&gt;</c>: WaveStrings.resx is French, WaveStrings.en.resx English.</summary>
public sealed class WaveStrings;

/// <summary>The waves' texts in a given language: cards are built for their recipient, not for the current turn.</summary>
public static class WaveTexts
{
    public static readonly System.Resources.ResourceManager Manager = new("TutorBot.Features.Waves.WaveStrings", typeof(WaveStrings).Assembly);

    /// <summary>"fr" or "en": the language a locale reads in.</summary>
    public static string LanguageOf(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en" ? "en" : "fr";

    public static string Get(string key, CultureInfo culture) => Manager.GetString(key, culture) ?? key;

    public static string Format(string key, CultureInfo culture, params object[] args) => string.Format(culture, Get(key, culture), args);

    /// <summary>The API's texts, by the caller's Accept-Language (French unless English comes first).</summary>
    public static string Get(string key, HttpRequest request) => Get(key, Roster.RosterStrings.CultureOf(request));
}

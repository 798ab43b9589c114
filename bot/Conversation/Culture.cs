using System.Globalization;

namespace TutorBot.Conversation;

/// <summary>French first; English when the user's Teams locale says so. Times in Europe/Paris.</summary>
public static class Culture
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly TimeZoneInfo Paris = Cards.ParisInput.Paris;

    public static CultureInfo FromLocale(string? locale)
    {
        if (!string.IsNullOrWhiteSpace(locale) && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return CultureInfo.GetCultureInfo(locale);
            }
            catch (CultureNotFoundException)
            {
                return CultureInfo.GetCultureInfo("en-GB");
            }
        }

        return French;
    }

    /// <summary>Makes <paramref name="culture"/> current for the rest of the turn (it flows with the async context).</summary>
    public static void Apply(CultureInfo culture)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public static DateTimeOffset ToParis(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Paris);

    /// <summary>
    /// A Paris wall-clock time (what a card's date and time inputs hold) as UTC; null when that time does not
    /// exist in Paris (the spring clock change skips 02:00–03:00).
    /// </summary>
    public static DateTimeOffset? FromParis(DateOnly date, TimeOnly time) => Cards.ParisInput.FromParis(date, time);

    /// <summary>"jeudi 3 décembre 2026, 18:00" or "Thursday 3 December 2026, 18:00", in the current culture.</summary>
    public static string FormatParis(DateTimeOffset utc) => Cards.CardPieces.FormatParis(utc);
}

/// <summary>Builds a card in another person's language (the recipient of a proactive card), then restores the turn's.</summary>
public readonly struct CultureScope : IDisposable
{
    private readonly CultureInfo _previous;

    public CultureScope(CultureInfo culture)
    {
        _previous = CultureInfo.CurrentUICulture;
        Culture.Apply(culture);
    }

    public void Dispose() => Culture.Apply(_previous);
}

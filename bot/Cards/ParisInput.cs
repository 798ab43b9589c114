using System.Globalization;

namespace TutorBot.Cards;

/// <summary>Why a card's date and time inputs were refused (each feature names it with its own resource key).</summary>
public enum ParisInputError
{
    None,

    /// <summary>Not a <c>yyyy-MM-dd</c> date (what Input.Date sends).</summary>
    Date,

    /// <summary>Not an <c>HH:mm</c> time (Input.Time; some clients add seconds).</summary>
    Time,

    /// <summary>A wall time Paris skips (the spring clock change, 02:00–03:00).</summary>
    Gap,

    /// <summary>Now or before.</summary>
    Past,

    /// <summary>Further ahead than the feature allows.</summary>
    TooFar,
}

/// <summary>
/// The one reader of a card's date and time inputs: they hold a Europe/Paris wall time, whoever reads the card and
/// wherever the server runs; the result is UTC. Every feature's input (tutoring proposals and changes, workshops,
/// site visits) goes through it.
/// </summary>
public static class ParisInput
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss"];

    /// <summary>A future Paris date and time no further than <paramref name="horizon"/> from <paramref name="now"/>, as UTC.</summary>
    public static DateTimeOffset? Parse(string? dateText, string? timeText, DateTimeOffset now, TimeSpan horizon, out ParisInputError error)
    {
        if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            error = ParisInputError.Date;
            return null;
        }

        if (!TimeOnly.TryParseExact(timeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            error = ParisInputError.Time;
            return null;
        }

        var start = FromParis(date, time);
        error = start is null ? ParisInputError.Gap
            : start <= now ? ParisInputError.Past
            : start - now > horizon ? ParisInputError.TooFar
            : ParisInputError.None;
        return error == ParisInputError.None ? start : null;
    }

    /// <summary>
    /// A Paris wall-clock time as UTC; null when that time does not exist in Paris. In the autumn hour that happens
    /// twice, the first (summer time) one.
    /// </summary>
    public static DateTimeOffset? FromParis(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (Paris.IsInvalidTime(local))
        {
            return null;
        }

        var offset = Paris.IsAmbiguousTime(local) ? Paris.GetAmbiguousTimeOffsets(local).Max() : Paris.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}

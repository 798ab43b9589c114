using System.Globalization;

namespace TutorBot.Cards;

/// <summary>
/// The pieces every feature's cards are made of, so a title, an error, a notice, a "when" and a "where" look and read
/// the same on a session, a workshop or a site visit: each feature brings its words (resources), not its own styling.
/// </summary>
public static class CardPieces
{
    /// <summary>The card's title.</summary>
    public static TextBlock Title(string text) => new(text) { Size = "Large", Weight = "Bolder" };

    /// <summary>What is wrong with what the person sent, and how to fix it: shown above the form it is about.</summary>
    public static TextBlock Error(string text) => new(text) { Color = "Attention", Weight = "Bolder" };

    /// <summary>A card that only says something (refused, not found, done).</summary>
    public static AdaptiveCard Notice(string text) => new([new TextBlock(text)]);

    /// <summary>When, as a Europe/Paris wall time in the current culture ("jeudi 3 décembre 2026, 18:00").</summary>
    public static Fact When(string label, DateTimeOffset utc) => new(label, FormatParis(utc));

    /// <summary>Where: the place as given (a typed place goes out as text, never markdown: see <see cref="PlainText"/>).</summary>
    public static Fact Where(string label, string place) => new(label, place);

    /// <summary>
    /// A date and a time input, read together as a Europe/Paris wall time by <see cref="ParisInput.Parse"/>: both required,
    /// the date not before <paramref name="today"/>, each with what the person typed before when the card comes back.
    /// </summary>
    public static CardElement[] WhenInputs(
        (string Date, string Time) ids, (string Date, string Time) labels, DateOnly today, (string? Date, string? Time) values, (string? Date, string? Time) errors = default) =>
    [
        new InputDate { Id = ids.Date, Label = labels.Date, IsRequired = true, ErrorMessage = errors.Date, Min = DateText(today), Value = values.Date },
        new InputTime { Id = ids.Time, Label = labels.Time, IsRequired = true, ErrorMessage = errors.Time, Value = values.Time },
    ];

    /// <summary>Today in Paris (a date input's minimum).</summary>
    public static DateOnly ParisToday(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ParisInput.Paris).DateTime);

    /// <summary>A date as Input.Date writes it.</summary>
    public static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"jeudi 3 décembre 2026, 18:00" or "Thursday 3 December 2026, 18:00", in the current culture.</summary>
    public static string FormatParis(DateTimeOffset utc) =>
        TimeZoneInfo.ConvertTime(utc, ParisInput.Paris).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.CurrentCulture);
}

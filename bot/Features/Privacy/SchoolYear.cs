using System.Globalization;
using TutorBot.Conversation;

namespace TutorBot.Features.Privacy;

/// <summary>A school year runs from 1 September to 31 August, Paris time: "2024-2025".</summary>
public static class SchoolYear
{
    /// <summary>The first instant of the school year that contains <paramref name="utc"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset utc)
    {
        var paris = TimeZoneInfo.ConvertTime(utc, Culture.Paris);
        var year = paris.Month >= 9 ? paris.Year : paris.Year - 1;
        var local = new DateTime(year, 9, 1, 0, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Culture.Paris.GetUtcOffset(local)).ToUniversalTime();
    }

    public static string Label(DateTimeOffset utc)
    {
        var start = TimeZoneInfo.ConvertTime(StartOf(utc), Culture.Paris).Year;
        return string.Create(CultureInfo.InvariantCulture, $"{start}-{start + 1}");
    }

    /// <summary>
    /// Rows of school years that ended more than <paramref name="retention"/> ago start before this: the start of
    /// the school year that was running <paramref name="retention"/> ago.
    /// </summary>
    public static DateTimeOffset KeptFrom(DateTimeOffset now, TimeSpan retention) => StartOf(now - retention);
}

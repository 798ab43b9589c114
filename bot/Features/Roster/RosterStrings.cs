using System.Globalization;
using System.Resources;

namespace TutorBot.Features.Roster;

/// <summary>The roster's texts, RosterStrings.resx (French) and RosterStrings.en.resx (English).</summary>
public sealed class RosterStrings
{
    public static readonly ResourceManager Manager = new("TutorBot.Features.Roster.RosterStrings", typeof(RosterStrings).Assembly);

    /// <summary>French unless the caller's first language is English (Accept-Language).</summary>
    public static CultureInfo CultureOf(HttpRequest request) =>
        request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true
            ? CultureInfo.GetCultureInfo("en")
            : CultureInfo.GetCultureInfo("fr");

    public static string Get(string key, CultureInfo culture) => Manager.GetString(key, culture) ?? key;

    /// <summary>"Ligne 3, colonne « uai » : établissement inconnu « 0130000X »…"</summary>
    public static string Describe(RosterProblem problem, CultureInfo culture)
    {
        var message = string.Format(culture, Get("Problem_" + problem.Code, culture), problem.Args);
        if (problem.Line == 0)
        {
            return char.ToUpper(message[0], culture) + message[1..];
        }

        return problem.Column is null
            ? string.Format(culture, Get("Problem_AtLine", culture), problem.Line, message)
            : string.Format(culture, Get("Problem_At", culture), problem.Line, problem.Column, message);
    }
}
